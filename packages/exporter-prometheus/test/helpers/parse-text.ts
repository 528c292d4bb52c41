/** A small text-exposition sample parser for comparing outputs series by series. */

/** parseSamples maps `name{sorted labels}` to the sample value for every sample line. */
export function parseSamples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    let i = 0;
    while (i < line.length && line[i] !== '{' && line[i] !== ' ') i++;
    const name = line.slice(0, i);
    const labels: [string, string][] = [];
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const eq = line.indexOf('=', i);
        const key = line.slice(i, eq);
        i = eq + 2; // skip ="
        let value = '';
        while (line[i] !== '"') {
          if (line[i] === '\\') {
            const next = line[i + 1];
            value += next === 'n' ? '\n' : next;
            i += 2;
          } else value += line[i++];
        }
        i++; // closing quote
        if (line[i] === ',') i++;
        labels.push([key, value]);
      }
      i++;
    }
    const rest = line.slice(i).trim().split(' ');
    labels.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    out.set(`${name}{${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`, Number(rest[0]));
  }
  return out;
}
