/**
 * Protobuf encoding of exemplars (`Exemplar` messages), written back to front. Exemplars are not
 * stable across collections, so their attributes are never cached.
 */
import type { Exemplar } from '@yardstick/core';
import { writeAttributesUncached } from './proto-attributes.js';
import type { ReverseWriter } from './proto-writer.js';

const T2_FIXED = 0x11;
const T5_LD = 0x2a;
const T6_FIXED = 0x31;

/** writeExemplars prepends `exemplars` as repeated fields tagged `tag`. */
export function writeExemplars(w: ReverseWriter, exemplars: readonly Exemplar[], isInt: boolean, tag: number): void {
  for (let i = exemplars.length - 1; i >= 0; i--) {
    const e = exemplars[i];
    const m = w.len();
    if (e.filteredAttributes) writeAttributesUncached(w, e.filteredAttributes, 7); // filtered_attributes = 7
    if (isInt && Number.isInteger(e.value)) {
      w.sfixed64(e.value);
      w.byte(T6_FIXED); // as_int = 6
    }
    if (e.traceId !== undefined && writeHexId(w, e.traceId, 16)) w.byte(T5_LD); // trace_id = 5
    if (e.spanId !== undefined && writeHexId(w, e.spanId, 8)) w.byte(0x22); // span_id = 4
    if (!(isInt && Number.isInteger(e.value))) {
      w.double(e.value);
      w.byte(0x19); // as_double = 3
    }
    w.hrTime(e.timestamp);
    w.byte(T2_FIXED); // time_unix_nano = 2
    w.field(m, tag);
  }
}

/** writeHexId prepends a hex id as length-prefixed bytes; returns false (writing nothing) if malformed. */
function writeHexId(w: ReverseWriter, hex: string, size: number): boolean {
  if (hex.length !== size * 2) return false;
  w.ensure(size + 1);
  const start = w.pos - size;
  for (let i = 0; i < size; i++) {
    const hi = hexNibble(hex.charCodeAt(2 * i));
    const lo = hexNibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return false;
    w.buf[start + i] = (hi << 4) | lo;
  }
  w.pos = start;
  w.byte(size);
  return true;
}

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
