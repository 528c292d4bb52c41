/**
 * wildcardMatcher compiles the configuration file's include/exclude pattern lists: a value matches a
 * pattern exactly or by wildcards (`?` one character, `*` any run); excluded beats included.
 */
export function wildcardMatcher(
  included?: readonly string[],
  excluded?: readonly string[],
): (value: string) => boolean {
  const inc = included?.map(compile);
  const exc = excluded?.map(compile) ?? [];
  return (value) => (inc === undefined || inc.some((re) => re.test(value))) && !exc.some((re) => re.test(value));
}

function compile(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
