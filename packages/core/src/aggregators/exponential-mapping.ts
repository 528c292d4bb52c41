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

// ln-based index needs log2(v)·2^scale; precomputed per positive scale (multiplying LOG2E by a
// power of two is exact, so this matches the spec's formula bit for bit).
const SCALE_FACTORS = new Float64Array(MAX_SCALE + 1);
for (let s = 1; s <= MAX_SCALE; s++) SCALE_FACTORS[s] = Math.LOG2E * 2 ** s;

/**
 * mapToIndex returns the bucket index of `abs` (finite, > 0) at `scale` (MIN_SCALE..MAX_SCALE).
 * Scale ≤ 0 reads the IEEE exponent; scale > 0 uses the logarithm, with exact powers of two
 * special-cased so they land in the bucket they close. Results fit in a signed 32-bit integer.
 */
export function mapToIndex(abs: number, scale: number): number {
  f64[0] = Math.max(abs, MIN_NORMAL);
  const hi = u32[HI] as number;
  const exponent = ((hi >>> 20) & 0x7ff) - EXPONENT_BIAS;
  const powerOfTwo = (hi & 0xfffff) === 0 && u32[LO] === 0;
  if (scale <= 0) {
    // A power of two closes the bucket below it, hence the -1.
    return (powerOfTwo ? exponent - 1 : exponent) >> -scale;
  }
  if (powerOfTwo) return (exponent << scale) - 1;
  const index = Math.floor(Math.log(abs) * (SCALE_FACTORS[scale] as number));
  // Rounding near Number.MAX_VALUE can step past the last representable bucket.
  const maxIndex = ((MAX_NORMAL_EXPONENT + 1) << scale) - 1;
  return Math.min(index, maxIndex);
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
