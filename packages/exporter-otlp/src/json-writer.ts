/**
 * JsonWriter appends OTLP/JSON as UTF-8 bytes to a growable buffer. Writing bytes directly avoids
 * building (and later flattening and re-encoding) one huge string out of millions of pieces.
 */
const encoder = new TextEncoder();

export class JsonWriter {
  buf: Uint8Array;
  pos = 0;
  private lastTime: readonly number[] | undefined;
  private lastSeconds = 0;
  private lastNanos = 0;
  private lastTimeText = '';

  constructor(initialSize = 4096) {
    this.buf = new Uint8Array(initialSize);
  }

  /** ensure makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** finish returns a view of the written bytes. */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** ascii appends a string known to be ASCII (JSON punctuation, numbers, keys). */
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** latin1 appends a string whose char codes are bytes (pre-encoded UTF-8). */
  latin1(bytes: string): void {
    this.ascii(bytes);
  }

  /** string appends a JSON string literal (quoted and escaped). */
  string(s: string): void {
    const n = s.length;
    if (this.pos + n + 2 > this.buf.length) this.ensure(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) {
        // Escapes or non-ASCII: let JSON.stringify escape and the encoder write UTF-8.
        const quoted = JSON.stringify(s);
        const max = quoted.length * 3;
        if (this.pos + max > this.buf.length) this.ensure(max);
        const { written } = encoder.encodeInto(quoted, this.buf.subarray(this.pos));
        this.pos += written;
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** digits appends a non-negative integer below 2^31 without making a string. */
  private digits(v: number): void {
    let len = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) len++;
    if (this.pos + len > this.buf.length) this.ensure(len);
    const buf = this.buf;
    let p = this.pos + len;
    this.pos = p;
    let x = v;
    do {
      const q = (x / 10) | 0;
      buf[--p] = 48 + x - q * 10;
      x = q;
    } while (x > 0);
  }

  /** double appends a number, or the proto3 JSON strings for NaN and infinities. */
  double(v: number): void {
    // Small non-negative integers (bounds, counts, many sums) skip number-to-string conversion.
    if (v >= 0 && v < 2147483648 && (v | 0) === v && !Object.is(v, -0)) this.digits(v);
    else if (Object.is(v, -0))
      this.ascii('-0'); // String(-0) is "0"; keep the sign as protobuf does
    else if (Number.isFinite(v)) this.ascii(String(v));
    else if (Number.isNaN(v)) this.ascii('"NaN"');
    else this.ascii(v > 0 ? '"Infinity"' : '"-Infinity"');
  }

  /** int64 appends an integer as a quoted decimal string (exact beyond 2^53 too). */
  int64(v: number): void {
    if (v >= 0 && v < 2147483648 && (v | 0) === v) {
      if (this.pos + 1 > this.buf.length) this.ensure(1);
      this.buf[this.pos++] = 0x22;
      this.digits(v);
      if (this.pos + 1 > this.buf.length) this.ensure(1);
      this.buf[this.pos++] = 0x22;
      return;
    }
    this.ascii(Number.isSafeInteger(v) ? `"${v}"` : `"${BigInt(Math.trunc(v))}"`);
  }

  /** hrTime appends `[seconds, nanos]` as quoted decimal nanoseconds (no float rounding). */
  hrTime(t: readonly number[]): void {
    if (t !== this.lastTime || t[0] !== this.lastSeconds || t[1] !== this.lastNanos) {
      const s = Math.trunc(t[0]);
      const n = String(Math.trunc(t[1]));
      this.lastTimeText = s === 0 ? `"${n}"` : `"${s}${'000000000'.slice(n.length)}${n}"`;
      this.lastTime = t;
      this.lastSeconds = t[0];
      this.lastNanos = t[1];
    }
    this.ascii(this.lastTimeText);
  }
}
