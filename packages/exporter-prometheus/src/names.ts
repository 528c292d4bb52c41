/**
 * OpenTelemetry → Prometheus names: metric names, label names and unit suffixes, following the
 * OpenTelemetry compatibility specification (prometheus_and_openmetrics.md §Metric Metadata).
 */

/** Units turned into words; anything else is passed through sanitized (as prometheus/otlptranslator does). */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tebibytes',
  kBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
  // The specification no longer maps `1` to `ratio` (PR #4966): a dimensionless unit adds no word.
  '1': '',
};

/** Words for the denominator of a rate unit (`m/s` ⇒ `meters_per_second`). */
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/**
 * sanitizeMetricName maps a name onto `[a-zA-Z_:][a-zA-Z0-9_:]*`: other characters become `_`,
 * runs of `_` collapse to one, and a leading digit gets a `_` prefix.
 */
export function sanitizeMetricName(name: string): string {
  if (/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name) && !name.includes('__')) return name;
  let out = name.replace(/[^a-zA-Z0-9_:]+/g, '_').replace(/_{2,}/g, '_');
  if (out.length > 0 && out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57) out = `_${out}`;
  return out;
}

/**
 * sanitizeLabelName maps an attribute key onto `[a-zA-Z_][a-zA-Z0-9_]*` the same way; a leading digit
 * gets a `key_` prefix (as prometheus/otlptranslator does). Returns `''` for keys with nothing left.
 */
export function sanitizeLabelName(key: string): string {
  if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key) && !key.includes('__')) return key;
  let out = key.replace(/[^a-zA-Z0-9_]+/g, '_').replace(/_{2,}/g, '_');
  if (out.length > 0 && out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57) out = `key_${out}`;
  return out;
}

/**
 * unitSuffix turns a UCUM unit into the Prometheus word that goes into the name and the OpenMetrics
 * UNIT line: `ms` ⇒ `milliseconds`, `By/s` ⇒ `bytes_per_second`, `{request}` ⇒ `''`, `1` ⇒ `''`.
 */
export function unitSuffix(unit: string): string {
  if (unit === '') return '';
  const known = UNIT_WORDS[unit];
  if (known !== undefined) return known;
  // Annotations in curly braces carry no unit (`{packet}`, `{packet}/s`).
  const stripped = unit.replace(/\{[^}]*\}/g, '');
  const slash = stripped.indexOf('/');
  if (slash === -1) return unitWord(stripped, UNIT_WORDS);
  const main = unitWord(stripped.slice(0, slash), UNIT_WORDS);
  const per = unitWord(stripped.slice(slash + 1), PER_UNIT_WORDS);
  if (per === '') return main;
  return main === '' ? `per_${per}` : `${main}_per_${per}`;
}

function unitWord(part: string, table: Readonly<Record<string, string>>): string {
  const trimmed = part.trim();
  if (trimmed === '') return '';
  const word = table[trimmed];
  if (word !== undefined) return word;
  return sanitizeMetricName(trimmed).replace(/^_+|_+$/g, '');
}

/** The Prometheus shape an OpenTelemetry metric takes. */
export type PrometheusType = 'counter' | 'gauge' | 'histogram';

/** Naming options shared by every format. */
export interface NamingOptions {
  /** Prepended with `_` to every metric name (not to `target_info`). */
  readonly prefix?: string;
  /** Do not append unit words to metric names (and write no OpenMetrics UNIT line). */
  readonly withoutUnits?: boolean;
  /** Do not append `_total` to counters in the Prometheus text and protobuf formats. */
  readonly withoutCounterSuffixes?: boolean;
}

/** The names one metric takes in the expositions. */
export interface MetricNames {
  /** Family name for OpenMetrics (`# TYPE` line): counters without `_total`. */
  readonly family: string;
  /** Sample name of counters and gauges, and the `# TYPE` name in text 0.0.4 and protobuf. */
  readonly sample: string;
  /** Unit word for the OpenMetrics UNIT line (`''` for none). */
  readonly unit: string;
}

/**
 * metricNames builds `name` + `_unit` + `_total` (counter `foo.bar` with unit `By` ⇒ `foo_bar_bytes_total`).
 * The unit is appended only when the name does not already end with it; an existing `_total` is kept
 * once and moved after the unit. Returns undefined when nothing usable is left of the name.
 */
export function metricNames(
  name: string,
  unit: string,
  type: PrometheusType,
  options: NamingOptions,
): MetricNames | undefined {
  let base = sanitizeMetricName(options.prefix ? `${options.prefix}_${name}` : name);
  if (base === '' || base === '_') return undefined;
  const hadTotal = type === 'counter' && base.endsWith('_total') && base.length > 6;
  if (hadTotal) base = base.slice(0, -6);
  const word = options.withoutUnits ? '' : unitSuffix(unit);
  if (word !== '' && !base.endsWith(`_${word}`) && base !== word) base = `${base}_${word}`;
  // OpenMetrics requires a family with a UNIT line to end in `_<unit>`.
  const unitOut = word !== '' && base.endsWith(`_${word}`) ? word : '';
  const withTotal = type === 'counter' && (hadTotal || !options.withoutCounterSuffixes);
  const sample = withTotal ? `${base}_total` : base;
  return { family: base, sample, unit: unitOut };
}
