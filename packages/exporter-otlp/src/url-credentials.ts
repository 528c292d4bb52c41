/**
 * Credentials in an endpoint URL (`http://user:pass@host/…`, or tokens in the query string):
 * `redactUrl` renders a URL for messages with them masked, and `takeCredentials` turns the
 * userinfo into a Basic `Authorization` value and returns the URL without it.
 */

const MASK = '***';
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * redactUrl renders `url` for logs and errors: userinfo becomes `***:***@` and a query string
 * becomes `?***`; the fragment is dropped. Scheme, host, port and path stay, so the message still
 * says where the request went.
 *
 * @example
 * redactUrl('http://user:s%40cret@collector:4318/v1/metrics?token=abc');
 * // 'http://***:***@collector:4318/v1/metrics?***'
 */
export function redactUrl(url: URL | string): string {
  const parsed = typeof url === 'string' ? parseHttp(url) : url;
  if (parsed === undefined) return redactText(url as string);
  const userinfo = parsed.username !== '' || parsed.password !== '' ? `${MASK}:${MASK}@` : '';
  const query = parsed.search !== '' ? `?${MASK}` : '';
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query}`;
}

/**
 * redactText masks a string that is not a valid http(s) URL (an invalid setting). Without a parser
 * to trust, everything up to the last `@` counts as userinfo and everything from the first `?` or
 * `#` after it as query: over-masking is the safe side.
 */
function redactText(text: string): string {
  const scheme = SCHEME.exec(text)?.[0] ?? '';
  let rest = text.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = `${MASK}:${MASK}@${rest.slice(at + 1)}`;
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = `${rest.slice(0, cut)}${rest[cut] === '?' ? `?${MASK}` : ''}`;
  return scheme + rest;
}

function parseHttp(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The URL to request (no userinfo) and the Basic credentials that were in it, if any. */
export interface SplitUrl {
  url: URL;
  authorization?: string;
}

/**
 * takeCredentials moves the userinfo of `url` into `Basic base64(user:pass)` (percent-decoding
 * both parts, UTF-8 per RFC 7617) and returns a copy of the URL without it.
 */
export function takeCredentials(url: URL): SplitUrl {
  if (url.username === '' && url.password === '') return { url };
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  const pair = `${decode(url.username)}:${decode(url.password)}`;
  return { url: bare, authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

/** A malformed escape (`%zz`) is sent as written rather than failing the exporter. */
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
