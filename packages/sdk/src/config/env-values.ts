/**
 * Typed readers for environment variables, following the SDK environment variable spec:
 * empty means unset; an invalid value is reported (naming the variable and the default used
 * instead) and treated as unset. Nothing here throws.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** EnvReader reads one env object and collects the warnings of everything it read. */
export class EnvReader {
  readonly warnings: string[] = [];
  constructor(private readonly env: Env) {}

  /** raw returns the trimmed value, or undefined when unset or empty. */
  raw(name: string): string | undefined {
    const v = this.env[name];
    if (v === undefined) return undefined;
    const trimmed = v.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  warn(name: string, value: string, expected: string, fallback: string): void {
    this.warnings.push(`${name}: invalid value ${JSON.stringify(value)} (${expected}); using ${fallback} instead.`);
  }

  /** boolean: only case-insensitive "true" is true; anything but "false" is also reported. */
  boolean(name: string, fallback = false): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower !== 'false') this.warn(name, v, 'expected true or false', 'false');
    return false;
  }

  /** integer: a non-negative decimal integer, at most `max`. */
  integer(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
    if (!(n <= max)) {
      this.warn(name, v, `expected an integer from 0 to ${max}`, String(fallback));
      return fallback;
    }
    return n;
  }

  /** duration: integer milliseconds greater than 0 (an interval of 0 would spin). */
  duration(name: string, fallback: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
    if (!(n > 0)) {
      this.warn(name, v, 'expected a positive integer of milliseconds', `${fallback} ms`);
      return fallback;
    }
    return n;
  }

  /** timeout: integer milliseconds; 0 means no limit and is returned as `noLimit`. */
  timeout(name: string, fallback: number, noLimit: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
    if (!(n >= 0)) {
      this.warn(name, v, 'expected a non-negative integer of milliseconds, 0 for no limit', `${fallback} ms`);
      return fallback;
    }
    return n === 0 ? noLimit : n;
  }

  /** enumeration: case-insensitive match against `values`. */
  enumeration<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const lower = v.toLowerCase();
    const match = values.find((x) => x.toLowerCase() === lower);
    if (match === undefined) {
      this.warn(name, v, `expected one of ${values.join(', ')}`, fallback);
      return fallback;
    }
    return match;
  }

  /** url: an absolute http(s) URL. */
  url(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!isHttpUrl(v)) {
      this.warn(name, v, 'expected an absolute http:// or https:// URL', 'the default endpoint');
      return undefined;
    }
    return v;
  }
}

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
