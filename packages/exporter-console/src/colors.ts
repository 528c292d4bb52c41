/** The few ANSI styles the table uses; `plain` keeps the same shape without escapes. */
export interface Palette {
  title(s: string): string;
  dim(s: string): string;
  header(s: string): string;
}

const wrap = (open: string) => (s: string) => `\x1b[${open}m${s}\x1b[0m`;

export const ansi: Palette = { title: wrap('1;36'), dim: wrap('2'), header: wrap('1') };
export const plain: Palette = { title: (s) => s, dim: (s) => s, header: (s) => s };

/**
 * useColors: colour only a terminal, and never when NO_COLOR is set to a non-empty value
 * (https://no-color.org); piped output stays free of escape codes.
 */
export function useColors(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}
