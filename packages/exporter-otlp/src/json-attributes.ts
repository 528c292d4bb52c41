/**
 * OTLP/JSON encoding of attributes (`[{key, value}]`) and `AnyValue`. The JSON of a frozen
 * (stable) attributes object is cached per object as its UTF-8 bytes.
 */
import type { Attributes } from '@yardstick/core';
import { JsonWriter } from './json-writer.js';
import { latin1String } from './latin1.js';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

function writeAnyValue(w: JsonWriter, v: unknown): void {
  switch (typeof v) {
    case 'string':
      w.ascii('{"stringValue":');
      w.string(v);
      w.ascii('}');
      return;
    case 'boolean':
      w.ascii(v ? '{"boolValue":true}' : '{"boolValue":false}');
      return;
    case 'number':
      if (Number.isInteger(v) && v >= MIN_INT64 && v < MAX_INT64) {
        w.ascii('{"intValue":');
        w.int64(v);
      } else {
        w.ascii('{"doubleValue":');
        w.double(v);
      }
      w.ascii('}');
      return;
    case 'object': {
      if (v === null) break;
      if (v instanceof Uint8Array) {
        w.ascii(`{"bytesValue":"${Buffer.from(v.buffer, v.byteOffset, v.length).toString('base64')}"}`);
        return;
      }
      if (Array.isArray(v)) {
        w.ascii('{"arrayValue":{"values":[');
        for (let i = 0; i < v.length; i++) {
          if (i > 0) w.ascii(',');
          writeAnyValue(w, v[i]);
        }
        w.ascii(']}}');
        return;
      }
      w.ascii('{"kvlistValue":{"values":');
      writeKeyValues(w, v as Record<string, unknown>);
      w.ascii('}}');
      return;
    }
    default:
      break;
  }
  w.ascii('{}');
}

export function writeKeyValues(w: JsonWriter, attributes: Record<string, unknown>): void {
  w.ascii('[');
  const keys = Object.keys(attributes);
  for (let i = 0; i < keys.length; i++) {
    w.ascii(i === 0 ? '{"key":' : ',{"key":');
    w.string(keys[i]);
    w.ascii(',"value":');
    writeAnyValue(w, attributes[keys[i]]);
    w.ascii('}');
  }
  w.ascii(']');
}

/** Cached UTF-8 bytes (as a latin1 string) of a frozen attributes object's KeyValue array. */
const attributeCache = new WeakMap<Attributes, string>();
const scratch = new JsonWriter(1024);

export function writeAttributes(w: JsonWriter, attributes: Attributes): void {
  if (!Object.isFrozen(attributes)) {
    writeKeyValues(w, attributes);
    return;
  }
  let bytes = attributeCache.get(attributes);
  if (bytes === undefined) {
    scratch.pos = 0;
    writeKeyValues(scratch, attributes);
    bytes = latin1String(scratch.finish());
    attributeCache.set(attributes, bytes);
  }
  w.latin1(bytes);
}
