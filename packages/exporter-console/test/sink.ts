import { Writable } from 'node:stream';

/** A real Writable that keeps what was written, optionally pretending to be a terminal. */
export function sink(isTTY = false): Writable & { text(): string; isTTY?: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { text(): string; isTTY?: boolean };
  stream.text = () => chunks.join('');
  if (isTTY) stream.isTTY = true;
  return stream;
}
