/**
 * Base2 exponential bucket index mapping (OpenTelemetry data model, "Exponential Buckets").
 * At scale `s` the base is 2^(2^-s) and bucket `i` holds values in (base^i, base^(i+1)].
 * Functions here take the absolute value of a finite, non-zero measurement.
 */

/** Highest scale the aggregation starts at (spec `MaxScale` default). */
export const MAX_SCALE = 20;
/** Lowest scale: at -10 every finite double fits in three buckets, so downscaling stops there. */
export const MIN_SCALE = -10;

/** Smallest positive normal double, 2^-1022; subnormals are rounded up to it (the spec allows this). */
export const MIN_NORMAL = 2.2250738585072014e-308;
const MAX_NORMAL_EXPONENT = 1023;
const EXPONENT_BIAS = 1023;

// One scratch buffer for reading IEEE bits: record() must not allocate. Reads are synchronous,
// so sharing it across all histograms is safe.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Which Uint32 half holds sign, exponent and the top of the significand.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

// Above TABLE_MAX_SCALE the index comes from the logarithm as the spec describes: log2(v)·2^scale,
// with LOG2E·2^scale precomputed (multiplying by a power of two is exact).
const SCALE_FACTORS = new Float64Array(MAX_SCALE + 1);
for (let s = 1; s <= MAX_SCALE; s++) SCALE_FACTORS[s] = Math.LOG2E * 2 ** s;

// Up to this scale the index comes from lookup tables instead (Math.log is most of the cost of
// record()). Tables are built on first use of a scale: 2^(s+1) cells + 2^s boundaries.
const TABLE_MAX_SCALE = 12;

/**
 * Per-scale tables over the significand x ∈ [1, 2). `bounds[k]` = 2^(k/2^s), the bucket
 * boundaries inside one binade. The significand's top s+1 bits pick a cell narrower than any gap
 * between boundaries (2^(2^-s) − 1 > ln2/2^s > 1/2^(s+1)), so a cell holds at most one boundary:
 * `first[cell]` is the bucket at the cell's start and one comparison settles the rest.
 */
interface ScaleTable {
  readonly bounds: Float64Array;
  readonly first: Int32Array;
  readonly cellShift: number;
}
// 2^-e for every normal exponent e, so the significand needs no second trip through the buffer.
const INVERSE_POWERS = new Float64Array(2 * EXPONENT_BIAS + 1);
for (let e = -EXPONENT_BIAS; e <= EXPONENT_BIAS; e++) INVERSE_POWERS[e + EXPONENT_BIAS] = 2 ** -e;
const TABLES: (ScaleTable | undefined)[] = new Array(TABLE_MAX_SCALE + 1).fill(undefined);

function buildTable(scale: number): ScaleTable {
  const n = 2 ** scale;
  const bounds = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) bounds[k] = 2 ** (k / n);
  bounds[n] = 2;
  const cells = n * 2;
  const first = new Int32Array(cells);
  let k = 0;
  for (let c = 0; c < cells; c++) {
    const start = 1 + c / cells;
    // Largest k with bounds[k] < start (0 for the first cell: x > 1 there, powers of two aside).
    while (k + 1 < n && (bounds[k + 1] as number) < start) k++;
    first[c] = k;
  }
  const table = { bounds, first, cellShift: 20 - (scale + 1) };
  TABLES[scale] = table;
  return table;
}

/**
 * mapToIndex returns the bucket index of `abs` (finite, > 0) at `scale` (MIN_SCALE..MAX_SCALE).
 * Scale ≤ 0 reads the IEEE exponent; scale > 0 combines the exponent with the significand's
 * position among the binade's boundaries (table or logarithm). Exact powers of two land in the
 * bucket they close. Results fit in a signed 32-bit integer.
 */
export function mapToIndex(abs: number, scale: number): number {
  f64[0] = Math.max(abs, MIN_NORMAL);
  const hi = u32[HI] as number;
  const exponent = ((hi >>> 20) & 0x7ff) - EXPONENT_BIAS;
  const significand = hi & 0xfffff;
  if (significand === 0 && u32[LO] === 0) {
    // A power of two closes the bucket below it, hence the -1.
    return scale <= 0 ? (exponent - 1) >> -scale : (exponent << scale) - 1;
  }
  if (scale <= 0) return exponent >> -scale;
  if (scale <= TABLE_MAX_SCALE) {
    const table = TABLES[scale] ?? buildTable(scale);
    // The significand as a double in [1, 2): scaling by a power of two is exact.
    const x = abs * (INVERSE_POWERS[exponent + EXPONENT_BIAS] as number);
    let j = table.first[significand >>> table.cellShift] as number;
    if ((table.bounds[j + 1] as number) < x) j++;
    return (exponent << scale) + j;
  }
  const index = Math.floor(Math.log(abs) * (SCALE_FACTORS[scale] as number));
  // The logarithm can round across a binade edge (and past the top bucket near MAX_VALUE); the
  // exponent says which binade the value is in, so keep the index inside it.
  const low = exponent << scale;
  const high = low + (1 << scale) - 1;
  return index < low ? low : Math.min(index, high);
}

/** mapToIndexByLog is the spec's logarithm formula at any scale > 0 (reference for tests). */
export function mapToIndexByLog(abs: number, scale: number): number {
  const v = Math.max(abs, MIN_NORMAL);
  f64[0] = v;
  const hi = u32[HI] as number;
  if ((hi & 0xfffff) === 0 && u32[LO] === 0) return ((((hi >>> 20) & 0x7ff) - EXPONENT_BIAS) << scale) - 1;
  const index = Math.floor(Math.log(v) * (SCALE_FACTORS[scale] as number));
  return Math.min(index, ((MAX_NORMAL_EXPONENT + 1) << scale) - 1);
}

/**
 * lowerBoundary returns base^index at `scale`: the exclusive lower bound of bucket `index`
 * (and the inclusive upper bound of bucket `index - 1`). Used at collection time only.
 */
export function lowerBoundary(index: number, scale: number): number {
  if (scale <= 0) return 2 ** (index * 2 ** -scale);
  const unit = 2 ** scale;
  // 2^(index/2^scale) overflows for the top bucket; compute it as 2·2^((index-2^scale)/2^scale).
  if (index >= MAX_NORMAL_EXPONENT * unit) return 2 * 2 ** ((index - unit) / unit);
  return 2 ** (index / unit);
}
