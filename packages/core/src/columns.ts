/**
 * Growable typed-array columns. Series state lives in columns indexed by slot (struct of arrays):
 * a series costs a few bytes per field instead of a heap object with boxed numbers.
 */

/** nextCapacity grows by half (not doubling) to keep unused tail space small. */
export function nextCapacity(current: number, needed: number): number {
  let cap = Math.max(16, current);
  while (cap < needed) cap = Math.ceil(cap * 1.5);
  return cap;
}

/** grownFloat64 returns a copy of `a` with room for `length` elements (fill for the new tail). */
export function grownFloat64(a: Float64Array, length: number, fill = 0): Float64Array<ArrayBuffer> {
  const out = new Float64Array(length);
  out.set(a);
  if (fill !== 0) out.fill(fill, a.length);
  return out;
}

/** grownUint8 returns a copy of `a` with room for `length` elements. */
export function grownUint8(a: Uint8Array, length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  out.set(a);
  return out;
}

/** grownUint16 returns a copy of `a` with room for `length` elements. */
export function grownUint16(a: Uint16Array, length: number): Uint16Array<ArrayBuffer> {
  const out = new Uint16Array(length);
  out.set(a);
  return out;
}

/** grownInt32 returns a copy of `a` with room for `length` elements. */
export function grownInt32(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(length);
  out.set(a);
  return out;
}
