/**
 * Instrument unit syntax: the API spec asks for a case-sensitive ASCII string of at most 63
 * characters. The SDK spec says a Meter SHOULD NOT validate units, and sdk-metrics passes them
 * through, so the Meter only warns and keeps the unit as given.
 */
const MAX_UNIT_LENGTH = 63;

/** isValidUnit reports whether `unit` follows the API's unit syntax (any ASCII character). */
export function isValidUnit(unit: string): boolean {
  if (unit.length > MAX_UNIT_LENGTH) return false;
  for (let i = 0; i < unit.length; i++) if (unit.charCodeAt(i) > 0x7f) return false;
  return true;
}
