/**
 * Escaping for the text expositions. Label values escape `\`, `"` and newline in both formats;
 * HELP text escapes `\` and newline, and OpenMetrics also escapes `"` there.
 */

const LABEL_SPECIAL = /[\\"\n]/;
const HELP_SPECIAL = /[\\\n]/;

/** escapeLabelValue escapes a label value for text 0.0.4 and OpenMetrics. */
export function escapeLabelValue(value: string): string {
  if (!LABEL_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** escapeHelp escapes HELP text: OpenMetrics escapes quotes too, text 0.0.4 must not. */
export function escapeHelp(text: string, openMetrics: boolean): string {
  if (openMetrics) return escapeLabelValue(text);
  if (!HELP_SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
