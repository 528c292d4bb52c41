/** Instrument name rules from the OpenTelemetry API specification. */

const NAME = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;

/** isValidInstrumentName: ASCII letter first, then letters, digits, `_ . - /`; at most 255 chars. */
export function isValidInstrumentName(name: unknown): name is string {
  return typeof name === 'string' && NAME.test(name);
}
