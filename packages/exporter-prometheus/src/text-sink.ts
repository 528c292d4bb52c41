/**
 * TextSink collects exposition text as UTF-8 bytes in fixed-size buffers. Appending every line to
 * one JavaScript string instead builds a rope that stays alive until the end: for 100k series
 * that is hundreds of MB of string nodes promoted to the old generation, and garbage collection
 * dominated the scrape. Here each line's string dies young and the bytes are written once.
 */
import { CHUNK_BYTES, type ChunkPool } from './chunk-pool.js';

export class TextSink {
  private readonly full: Buffer[] = [];
  private buf: Buffer;
  private len = 0;

  /** With a pool, chunks come from it (and go back through ChunkPool.release). */
  constructor(private readonly pool?: ChunkPool) {
    this.buf = this.newChunk();
  }

  /** write appends `s` as UTF-8; a write is never split across two chunks (each chunk decodes alone). */
  write(s: string): void {
    const worst = s.length * 3;
    if (this.len + worst > this.buf.length) {
      this.seal();
      if (worst > this.buf.length) this.buf = Buffer.allocUnsafe(worst);
    }
    // utf8Write is Buffer.write without the argument juggling (a measurable share of a scrape).
    this.len += (this.buf as unknown as { utf8Write(s: string, offset: number): number }).utf8Write(s, this.len);
  }

  /**
   * reserve makes sure the next `bytes` bytes fit in the current chunk, so offsets returned by
   * `offset` stay valid for `repeat` until then.
   */
  reserve(bytes: number): void {
    if (this.len + bytes > this.buf.length) {
      this.seal();
      if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
    }
  }

  /** offset is the position of the next byte in the current chunk. */
  get offset(): number {
    return this.len;
  }

  /** repeat appends a copy of bytes [start, end) written earlier in the current chunk. */
  repeat(start: number, end: number): void {
    const n = end - start;
    if (n > 24) {
      this.buf.copyWithin(this.len, start, end);
      this.len += n;
      return;
    }
    // Short runs: a loop beats the native call's fixed cost.
    const buf = this.buf;
    let len = this.len;
    for (let i = start; i < end; i++) buf[len++] = buf[i] as number;
    this.len = len;
  }

  /** writeAscii appends a string known to be ASCII (label and `le` pieces built by us). */
  writeAscii(s: string): void {
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < s.length; i++) buf[len++] = s.charCodeAt(i);
    this.len = len;
  }

  /**
   * writeCount appends a non-negative integer below 2^53 in decimal; anything else in JavaScript's
   * number form (ASCII, at most 24 characters). Never starts a new chunk (see reserve).
   */
  writeCount(n: number): void {
    if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n)) {
      this.writeAscii(`${n}`);
      return;
    }
    const buf = this.buf;
    if (n < 10) {
      buf[this.len++] = 48 + n;
      return;
    }
    let digits = 0;
    for (let v = n; v >= 1; v = Math.floor(v / 10)) digits++;
    let pos = this.len + digits;
    this.len = pos;
    for (let v = n; v >= 1; v = Math.floor(v / 10)) buf[--pos] = 48 + (v % 10);
  }

  /** Bytes written and not yet taken. */
  get pendingBytes(): number {
    return this.len + this.full.reduce((n, b) => n + b.length, 0);
  }

  /** take hands out the bytes written so far as chunks (no copy) and starts afresh. */
  take(): Buffer[] {
    this.seal();
    return this.full.splice(0, this.full.length);
  }

  /** text decodes everything written so far into one string. */
  text(): string {
    return this.take()
      .map((b) => b.toString('utf8'))
      .join('');
  }

  /** close returns the unused current chunk to the pool; the sink is not written after this. */
  close(): void {
    if (this.len === 0) this.pool?.release([this.buf]);
  }

  private seal(): void {
    if (this.len === 0) return;
    this.full.push(this.buf.subarray(0, this.len));
    this.buf = this.newChunk();
    this.len = 0;
  }

  private newChunk(): Buffer {
    return this.pool === undefined ? Buffer.allocUnsafe(CHUNK_BYTES) : this.pool.take();
  }
}
