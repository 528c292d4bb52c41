/**
 * ReverseWriter writes protobuf back to front: a message's fields and children are written
 * first, so its length is known exactly when its length prefix and tag are prepended. That
 * gives canonical (minimal) varint lengths in one pass, with no size-estimation pass and no
 * shifting of already-written bytes. Callers write fields in reverse order (and repeated
 * elements from last to first) so the result reads in ascending order.
 */
const TWO_32 = 4294967296;
const encoder = new TextEncoder();

/** ReverseWriter: a growable byte buffer filled from its end toward its start. */
export class ReverseWriter {
  /** Bytes live in buf[pos, buf.length). A plain Uint8Array keeps element access monomorphic. */
  buf: Uint8Array;
  pos: number;
  private view: DataView;
  private lastTime: readonly number[] | undefined;
  private lastSeconds = 0;
  private lastNanos = 0;
  private lastLo = 0;
  private lastHi = 0;
  private prevTime: readonly number[] | undefined;
  private prevSeconds = 0;
  private prevNanos = 0;
  private prevLo = 0;
  private prevHi = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.allocUnsafe(initialSize);
    this.pos = initialSize;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** len is the number of bytes written so far; take it as a mark before a message. */
  len(): number {
    return this.buf.length - this.pos;
  }

  /** reset forgets the content (keeps the buffer for reuse). */
  reset(): void {
    this.pos = this.buf.length;
  }

  /** finish returns the written bytes (a view of the buffer, valid until the next write). */
  finish(): Uint8Array {
    return this.buf.subarray(this.pos);
  }

  /** ensure makes room for n more bytes, growing to the front. */
  ensure(n: number): void {
    if (this.pos >= n) return;
    const used = this.buf.length - this.pos;
    let size = this.buf.length * 2;
    while (size - used < n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    next.set(this.buf.subarray(this.pos), size - used);
    this.buf = next;
    this.pos = size - used;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  /** byte prepends one byte (a tag of a field numbered 1..15 is one byte). */
  byte(b: number): void {
    if (this.pos < 1) this.ensure(1);
    this.buf[--this.pos] = b;
  }

  /** varint32 prepends an unsigned 32-bit varint. */
  varint32(value: number): void {
    let v = value >>> 0;
    const size = v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
    if (this.pos < size) this.ensure(size);
    const buf = this.buf;
    let p = (this.pos -= size);
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p] = v;
  }

  /** varint64 prepends a 64-bit varint given as two's-complement halves. */
  varint64(lo: number, hi: number): void {
    let l = lo >>> 0;
    let h = hi >>> 0;
    if (h === 0) {
      this.varint32(l);
      return;
    }
    // Size: count 7-bit groups of the 64-bit value.
    let size = 5;
    for (let t = h >>> 3; t > 0; t >>>= 7) size++;
    if (this.pos < size) this.ensure(size);
    const buf = this.buf;
    let p = (this.pos -= size);
    while (h > 0 || l > 0x7f) {
      buf[p++] = (l & 0x7f) | 0x80;
      l = ((l >>> 7) | (h << 25)) >>> 0;
      h >>>= 7;
    }
    buf[p] = l;
  }

  /** int64Varint prepends an integral number as an int64 varint (negatives take 10 bytes). */
  int64Varint(value: number): void {
    if (value >= 0) {
      if (value < TWO_32) this.varint32(value);
      else this.varint64(value % TWO_32, Math.floor(value / TWO_32));
      return;
    }
    const [lo, hi] = negativeHalves(value);
    this.varint64(lo, hi);
  }

  /** sint32 prepends a zigzag-encoded signed 32-bit varint. */
  sint32(value: number): void {
    this.varint32((value << 1) ^ (value >> 31));
  }

  /** fixed64 prepends an unsigned 64-bit integer given as low and high halves. */
  fixed64(lo: number, hi: number): void {
    if (this.pos < 8) this.ensure(8);
    const p = (this.pos -= 8);
    this.view.setUint32(p, lo >>> 0, true);
    this.view.setUint32(p + 4, hi >>> 0, true);
  }

  /** uint64Fixed prepends a non-negative integral number as fixed64. */
  uint64Fixed(value: number): void {
    if (value < TWO_32 && value >= 0) this.fixed64(value, 0);
    else this.fixed64(value % TWO_32, Math.floor(value / TWO_32));
  }

  /**
   * fixedCounts prepends `n` counts (non-negative integers) from `counts[offset…]` as packed
   * fixed64 values, with one bounds check for all of them.
   */
  fixedCounts(counts: ArrayLike<number>, offset: number, n: number): void {
    const bytes = n * 8;
    if (this.pos < bytes) this.ensure(bytes);
    const p = (this.pos -= bytes);
    const view = this.view;
    for (let i = 0; i < n; i++) {
      const value = counts[offset + i] as number;
      if (value < TWO_32 && value >= 0) {
        view.setUint32(p + i * 8, value, true);
        view.setUint32(p + i * 8 + 4, 0, true);
      } else {
        view.setUint32(p + i * 8, (value % TWO_32) >>> 0, true);
        view.setUint32(p + i * 8 + 4, Math.floor(value / TWO_32) >>> 0, true);
      }
    }
  }

  /** sfixed64 prepends a signed integral number as sfixed64 (fractions are truncated). */
  sfixed64(value: number): void {
    const v = Math.trunc(value);
    if (v >= 0) this.fixed64(v % TWO_32, Math.floor(v / TWO_32));
    else {
      const [lo, hi] = negativeHalves(v);
      this.fixed64(lo, hi);
    }
  }

  /** double prepends a little-endian IEEE 754 double. */
  double(value: number): void {
    if (this.pos < 8) this.ensure(8);
    this.pos -= 8;
    this.view.setFloat64(this.pos, value, true);
  }

  /** hrTime prepends `[seconds, nanos]` as fixed64 nanoseconds, exactly (no float rounding). */
  hrTime(t: readonly number[]): void {
    // Points of one collection usually share their time arrays: reuse the last conversion.
    // A point writes its end and then its start time, so the previous conversion is kept too.
    if (t !== this.lastTime || t[0] !== this.lastSeconds || t[1] !== this.lastNanos) {
      if (t === this.prevTime && t[0] === this.prevSeconds && t[1] === this.prevNanos) {
        this.swapTimes();
      } else {
        this.prevTime = this.lastTime;
        this.prevSeconds = this.lastSeconds;
        this.prevNanos = this.lastNanos;
        this.prevLo = this.lastLo;
        this.prevHi = this.lastHi;
        this.convertTime(t);
      }
    }
    if (this.pos < 8) this.ensure(8);
    const p = (this.pos -= 8);
    this.view.setUint32(p, this.lastLo, true);
    this.view.setUint32(p + 4, this.lastHi, true);
  }

  private swapTimes(): void {
    const time = this.lastTime;
    const seconds = this.lastSeconds;
    const nanos = this.lastNanos;
    const lo = this.lastLo;
    const hi = this.lastHi;
    this.lastTime = this.prevTime;
    this.lastSeconds = this.prevSeconds;
    this.lastNanos = this.prevNanos;
    this.lastLo = this.prevLo;
    this.lastHi = this.prevHi;
    this.prevTime = time;
    this.prevSeconds = seconds;
    this.prevNanos = nanos;
    this.prevLo = lo;
    this.prevHi = hi;
  }

  /** convertTime sets the last conversion to `t` in nanoseconds, as two 32-bit halves. */
  private convertTime(t: readonly number[]): void {
    // seconds * 1e9 overflows 2^53, so split seconds in 16-bit halves; every product stays exact.
    const s = t[0] as number;
    const sLo = s % 65536;
    const sHi = (s - sLo) / 65536;
    const low = sLo * 1e9 + (t[1] as number); // < 2^53
    const high = sHi * 1e9; // value = high * 2^16 + low
    let lo = (low % TWO_32) + (high % 65536) * 65536;
    let hi = Math.floor(low / TWO_32) + Math.floor(high / 65536);
    if (lo >= TWO_32) {
      lo -= TWO_32;
      hi += 1;
    }
    this.lastTime = t;
    this.lastSeconds = s;
    this.lastNanos = t[1] as number;
    this.lastLo = lo;
    this.lastHi = hi;
  }

  /** string prepends a UTF-8 string with its length prefix. */
  string(s: string): void {
    const n = s.length;
    if (this.pos < n) this.ensure(n);
    const buf = this.buf;
    const start = this.pos - n;
    // ASCII fast path written in place; anything else falls back to the native encoder.
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) break;
      buf[start + i] = c;
    }
    if (i === n) {
      this.pos = start;
      this.varint32(n);
      return;
    }
    const size = Buffer.byteLength(s, 'utf8');
    if (this.pos < size) this.ensure(size);
    this.pos -= size;
    encoder.encodeInto(s, this.buf.subarray(this.pos, this.pos + size));
    this.varint32(size);
  }

  /** raw prepends bytes as they are (no length prefix). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.pos < n) this.ensure(n);
    const p = (this.pos -= n);
    if (n < 48) {
      const buf = this.buf;
      for (let i = 0; i < n; i++) buf[p + i] = bytes[i];
    } else this.buf.set(bytes, p);
  }

  /** latin1 prepends a string whose char codes are bytes (0..255), as raw bytes. */
  latin1(bytes: string): void {
    const n = bytes.length;
    if (this.pos < n) this.ensure(n);
    const p = (this.pos -= n);
    if (n < 32) {
      const buf = this.buf;
      for (let i = 0; i < n; i++) buf[p + i] = bytes.charCodeAt(i);
      return;
    }
    // Longer runs: Buffer's native latin1 writer (a memcpy for one-byte strings).
    (this.buf as unknown as { latin1Write(s: string, offset: number, length: number): number }).latin1Write(
      bytes,
      p,
      n,
    );
  }

  /** bytes prepends bytes with their length prefix. */
  bytes(bytes: Uint8Array): void {
    this.raw(bytes);
    this.varint32(bytes.length);
  }

  /** field closes a length-delimited field whose content started at `mark`: prepends length and tag. */
  field(mark: number, tag: number): void {
    this.varint32(this.buf.length - this.pos - mark);
    this.byte(tag);
  }
}

function negativeHalves(v: number): [number, number] {
  const abs = -v;
  let lo = ~(abs % TWO_32) >>> 0;
  let hi = ~Math.floor(abs / TWO_32) >>> 0;
  lo = (lo + 1) >>> 0;
  if (lo === 0) hi = (hi + 1) >>> 0;
  return [lo, hi];
}
