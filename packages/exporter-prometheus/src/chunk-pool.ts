/**
 * ChunkPool recycles the fixed-size output buffers of text expositions between scrapes. Large
 * buffers live outside the JavaScript heap, and V8 counts every freshly allocated one towards its
 * next full garbage collection: a 200 MB scrape body in fresh buffers set off a dozen
 * mark-compacts of the whole heap. Buffers come back through `release` once the response that
 * carried them has been written; the pool keeps at most `maxBytes` of them.
 */
export const CHUNK_BYTES = 1 << 20;

export class ChunkPool {
  private readonly free: ArrayBuffer[] = [];
  /** Buffers handed out and not yet released: only these are taken back, and only once. */
  private readonly lent = new WeakSet<ArrayBuffer>();

  constructor(private readonly maxBytes: number) {}

  /** take returns a CHUNK_BYTES buffer, recycled when one is free. */
  take(): Buffer {
    const recycled = this.free.pop();
    const buffer = recycled === undefined ? Buffer.allocUnsafeSlow(CHUNK_BYTES) : Buffer.from(recycled);
    this.lent.add(buffer.buffer as ArrayBuffer);
    return buffer;
  }

  /** release takes back chunks this pool handed out (views into them are fine); others are ignored. */
  release(chunks: readonly Uint8Array[]): void {
    for (const chunk of chunks) {
      const memory = chunk.buffer as ArrayBuffer;
      if (!this.lent.has(memory)) continue;
      this.lent.delete(memory);
      if ((this.free.length + 1) * CHUNK_BYTES <= this.maxBytes) this.free.push(memory);
    }
  }
}
