/**
 * Protobuf encoding of attributes (`repeated KeyValue`) and `AnyValue`, written back to front.
 * A series' attributes object is frozen and stable across collections (the core contract), so
 * its encoded bytes are cached per object and per field number; unfrozen attributes (for
 * example from `@opentelemetry/sdk-metrics`) may still change and are encoded every time.
 */
import type { Attributes } from '@yardstick/core';
import type { ReverseWriter } from './proto-writer.js';
import { latin1String } from './latin1.js';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** Tag byte of a length-delimited field numbered 1..15. */
export function ldTag(field: number): number {
  return (field << 3) | 2;
}

/** writeAnyValue prepends the fields of an AnyValue message (not its length or tag). */
export function writeAnyValue(w: ReverseWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.string(value);
      w.byte(0x0a); // string_value = 1
      return;
    case 'boolean':
      w.byte(value ? 1 : 0);
      w.byte(0x10); // bool_value = 2 (varint)
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        w.int64Varint(value);
        w.byte(0x18); // int_value = 3 (varint)
      } else {
        w.double(value);
        w.byte(0x21); // double_value = 4 (fixed64)
      }
      return;
    case 'object': {
      if (value === null) return;
      if (value instanceof Uint8Array) {
        w.bytes(value);
        w.byte(0x3a); // bytes_value = 7
        return;
      }
      const mark = w.len();
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const m = w.len();
          writeAnyValue(w, value[i]);
          w.field(m, 0x0a); // ArrayValue.values = 1
        }
        w.field(mark, 0x2a); // array_value = 5
        return;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      for (let i = keys.length - 1; i >= 0; i--) {
        const m = w.len();
        writeKeyValue(w, keys[i], obj[keys[i]]);
        w.field(m, 0x0a); // KeyValueList.values = 1
      }
      w.field(mark, 0x32); // kvlist_value = 6
      return;
    }
    default:
      // undefined, functions, symbols, bigint: an empty AnyValue, as otlp-transformer writes.
      return;
  }
}

/** writeKeyValue prepends the fields of a KeyValue message. */
function writeKeyValue(w: ReverseWriter, key: string, value: unknown): void {
  const m = w.len();
  writeAnyValue(w, value);
  w.field(m, 0x12); // value = 2
  w.string(key);
  w.byte(0x0a); // key = 1
}

/** writeAttributesUncached prepends `attributes` as repeated KeyValue fields numbered `field`. */
export function writeAttributesUncached(w: ReverseWriter, attributes: Attributes, field: number): void {
  const tag = ldTag(field);
  const keys = Object.keys(attributes);
  for (let i = keys.length - 1; i >= 0; i--) {
    const m = w.len();
    writeKeyValue(w, keys[i], attributes[keys[i]]);
    w.field(m, tag);
  }
}

// Indexed by field number; each series normally lives under one field (its point type).
// Values are latin1 strings (one char per byte): on-heap and cheap for the GC, unlike hundreds
// of thousands of small typed arrays with their own backing stores.
const caches: WeakMap<Attributes, string>[] = [];

/**
 * writeAttributes prepends `attributes` as repeated KeyValue fields numbered `field`, from a
 * per-series cache when the object is frozen (its content can then never change).
 */
export function writeAttributes(w: ReverseWriter, attributes: Attributes, field: number): void {
  if (!Object.isFrozen(attributes)) {
    writeAttributesUncached(w, attributes, field);
    return;
  }
  let cache = caches[field];
  if (cache === undefined) {
    cache = new WeakMap();
    caches[field] = cache;
  }
  const bytes = cache.get(attributes);
  if (bytes !== undefined) {
    w.latin1(bytes);
    return;
  }
  // First sight of this series: encode in place, then remember the bytes just written.
  const mark = w.len();
  writeAttributesUncached(w, attributes, field);
  cache.set(attributes, latin1String(w.buf.subarray(w.pos, w.pos + w.len() - mark)));
}

/**
 * SlotCache holds the encoded attributes of one stream's series by slot (see PointColumns): an
 * array read and an identity check per point instead of a WeakMap lookup.
 */
export interface SlotCache {
  readonly attrs: (Attributes | undefined)[];
  readonly bytes: string[];
}

// Per field number: one cache per stream, keyed by the stream's identity (freed with it).
const slotCaches: WeakMap<object, SlotCache>[] = [];

/** slotCache returns the cache of `owner`'s series under `field`, with room for `slotLimit` slots. */
export function slotCache(owner: object, field: number, slotLimit: number): SlotCache {
  let byOwner = slotCaches[field];
  if (byOwner === undefined) {
    byOwner = new WeakMap();
    slotCaches[field] = byOwner;
  }
  let cache = byOwner.get(owner);
  if (cache === undefined) {
    cache = { attrs: [], bytes: [] };
    byOwner.set(owner, cache);
  }
  // Grown densely up front: points are written last to first, and a write far past the end
  // would turn the arrays into slow dictionaries.
  while (cache.attrs.length < slotLimit) {
    cache.attrs.push(undefined);
    cache.bytes.push('');
  }
  return cache;
}

/** writeSlotAttributes prepends a series' attributes from `cache`, encoding them on first sight. */
export function writeSlotAttributes(
  w: ReverseWriter,
  attributes: Attributes,
  field: number,
  cache: SlotCache,
  slot: number,
): void {
  if (cache.attrs[slot] === attributes) {
    w.latin1(cache.bytes[slot] as string);
    return;
  }
  const mark = w.len();
  writeAttributesUncached(w, attributes, field);
  cache.attrs[slot] = attributes;
  cache.bytes[slot] = latin1String(w.buf.subarray(w.pos, w.pos + w.len() - mark));
}
