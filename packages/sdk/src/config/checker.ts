/**
 * Checker validates plain data read from a configuration file. Every problem is recorded with
 * its path in the file (`meter_provider.readers[1].periodic.interval: expected a number`), so one
 * run reports all of them; values that fail a check come back undefined.
 */
export type Obj = Record<string, unknown>;

export class Checker {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  error(path: string, message: string): undefined {
    this.errors.push(`${path}: ${message}`);
    return undefined;
  }

  warn(path: string, message: string): void {
    this.warnings.push(`${path}: ${message}`);
  }

  /** object: a mapping; null/absent ⇒ undefined without error. */
  object(v: unknown, path: string): Obj | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) return this.error(path, 'expected a mapping');
    return v as Obj;
  }

  array(v: unknown, path: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.error(path, 'expected a list');
    return v;
  }

  string(v: unknown, path: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return this.error(path, 'expected a string');
    return v;
  }

  boolean(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.error(path, 'expected true or false');
    return v;
  }

  number(v: unknown, path: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || Number.isNaN(v)) return this.error(path, 'expected a number');
    return v;
  }

  /** integer: a whole number ≥ min. */
  integer(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const n = this.number(v, path);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      return this.error(path, `expected an integer ${range}, got ${n}`);
    }
    return n;
  }

  enumeration<T extends string>(v: unknown, path: string, values: readonly T[]): T | undefined {
    const s = this.string(v, path);
    if (s === undefined) return undefined;
    if (!values.includes(s as T)) return this.error(path, `expected one of ${values.join(', ')}, got "${s}"`);
    return s as T;
  }

  stringList(v: unknown, path: string): string[] | undefined {
    const list = this.array(v, path);
    if (list === undefined) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      const s = this.string(item, `${path}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** known reports keys this SDK does not read, as warnings: usually a typo. */
  known(obj: Obj, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!keys.includes(key)) this.warn(path === '' ? key : `${path}.${key}`, 'unknown property, ignored');
    }
  }

  /** oneOf returns the single key of `obj` that names a variant (e.g. `periodic` / `pull`). */
  oneOf(obj: Obj, path: string, variants: readonly string[]): [string, unknown] | undefined {
    const present = Object.keys(obj);
    if (present.length !== 1) {
      return this.error(
        path,
        `expected exactly one of ${variants.join(', ')}, got ${present.length ? present.join(', ') : 'none'}`,
      );
    }
    const key = present[0];
    if (!variants.includes(key))
      return this.error(path, `unsupported "${key}" (expected one of ${variants.join(', ')})`);
    return [key, obj[key]];
  }
}
