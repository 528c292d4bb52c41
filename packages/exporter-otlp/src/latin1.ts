/**
 * latin1String turns bytes into a string with one char per byte. Encoders cache per-series
 * encoded attributes this way: strings live on the V8 heap, which is far cheaper for the GC than
 * hundreds of thousands of small typed arrays, and copy back into a buffer char by char.
 */
export function latin1String(bytes: Uint8Array): string {
  if (bytes.length <= 1024) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}
