/**
 * parseKeyValueList parses the `key1=value1,key2=value2` form shared by OTEL_RESOURCE_ATTRIBUTES and
 * OTEL_EXPORTER_OTLP_HEADERS: entries are trimmed, keys and values percent-decoded, empty entries
 * skipped. Returns the pairs, or an error describing the first malformed entry.
 */
export function parseKeyValueList(
  text: string,
): { ok: true; pairs: [string, string][] } | { ok: false; error: string } {
  const pairs: [string, string][] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) return { ok: false, error: `entry "${entry}" is not of the form key=value` };
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(entry.slice(0, eq).trim());
      value = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      return { ok: false, error: `entry "${entry}" has an invalid percent-encoding` };
    }
    if (key === '') return { ok: false, error: `entry "${entry}" has an empty key` };
    pairs.push([key, value]);
  }
  return { ok: true, pairs };
}
