/**
 * HttpTransport: one OTLP/HTTP POST over a keep-alive undici Pool, classified for the retry loop
 * (success / retryable / failure). It owns the only sockets of the package. Header values are
 * never put into errors or logs, and the URL appears only through `redactUrl`: both often carry
 * credentials.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Pool } from 'undici';
import { parseRetryAfter } from './retry.js';
import { redactUrl, takeCredentials } from './url-credentials.js';

const gzip = promisify(gzipCallback);

/** Request bodies above this are not sent (OTLP/HTTP: clients SHOULD cap at 64 MiB). */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
/** Responses are read up to this size (OTLP/HTTP recommends 4 MiB); larger is an error. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** TLS material for https endpoints (PEM strings or buffers). */
export interface TlsOptions {
  /** Certificate authorities trusted for the server certificate (replaces the default set). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate chain for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key for mutual TLS. */
  key?: string | Buffer;
  /** Default true; false accepts any server certificate (testing only). */
  rejectUnauthorized?: boolean;
}

export interface TransportOptions {
  url: string;
  headers: Record<string, string>;
  contentType: string;
  compression: 'gzip' | 'none';
  userAgent: string;
  tls?: TlsOptions;
}

/** The outcome of one attempt. */
export type AttemptResult =
  | { kind: 'success'; status: number; body: Uint8Array }
  | { kind: 'retryable'; error: Error; retryAfterMillis?: number }
  | { kind: 'failure'; error: Error; timedOut?: boolean };

/** OTLPExporterError carries the HTTP status and a body excerpt of a failed export. */
export class OTLPExporterError extends Error {
  constructor(
    message: string,
    readonly code?: number,
    readonly data?: string,
  ) {
    super(message);
    this.name = 'OTLPExporterError';
  }
}

export class HttpTransport {
  private readonly pool: Pool;
  private readonly path: string;
  /** The configured headers, names lower-cased; `headers` adds ours to them. */
  private readonly baseHeaders: Record<string, string>;
  private readonly headers: Record<string, string>;
  private readonly authorization: string | undefined;
  private readonly contentType: string;
  private readonly userAgent: string;
  private readonly compression: 'gzip' | 'none';
  /** The URL requested: the configured one without its userinfo. */
  readonly url: string;
  /** The URL as messages show it: credentials (still marked as present) and query masked. */
  private readonly shownUrl: string;

  constructor(options: TransportOptions) {
    let given: URL;
    try {
      given = new URL(options.url);
    } catch {
      // Node's URL error carries the raw input as a property; this one carries only the masked form.
      throw new Error(`OTLP endpoint is not a valid URL: ${redactUrl(options.url)}`);
    }
    if (given.protocol !== 'http:' && given.protocol !== 'https:') {
      throw new Error(`OTLP endpoint must be http(s), got ${given.protocol}`);
    }
    // undici's Pool takes only the origin, so userinfo would be dropped silently: send it as Basic auth.
    const { url, authorization } = takeCredentials(given);
    this.url = url.href;
    this.shownUrl = redactUrl(given);
    this.path = `${url.pathname}${url.search}`;
    this.compression = options.compression;
    const tls = options.tls ?? {};
    this.pool = new Pool(url.origin, {
      connections: 4,
      keepAliveTimeout: 30_000,
      connect: {
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        rejectUnauthorized: tls.rejectUnauthorized,
      },
    });
    this.authorization = authorization;
    this.contentType = options.contentType;
    this.userAgent = options.userAgent;
    this.baseHeaders = lowerCased(options.headers);
    this.headers = this.buildHeaders(this.baseHeaders);
  }

  /**
   * headersWith returns the request headers with `extra` (a headers factory's result) merged over
   * the configured ones; content-type, content-encoding and the user-agent suffix stay ours.
   */
  headersWith(extra: Record<string, string>): Record<string, string> {
    return this.buildHeaders({ ...this.baseHeaders, ...lowerCased(extra) });
  }

  private buildHeaders(given: Record<string, string>): Record<string, string> {
    const headers = { ...given };
    // An explicit Authorization header (options or OTEL_EXPORTER_OTLP_HEADERS) wins over the URL's.
    if (this.authorization !== undefined && headers.authorization === undefined) {
      headers.authorization = this.authorization;
    }
    headers['content-type'] = this.contentType;
    headers['user-agent'] = headers['user-agent'] ? `${headers['user-agent']} ${this.userAgent}` : this.userAgent;
    if (this.compression === 'gzip') headers['content-encoding'] = 'gzip';
    else delete headers['content-encoding'];
    return headers;
  }

  /** prepareBody compresses when configured; returns an error result when the body is too large. */
  async prepareBody(body: Uint8Array): Promise<Uint8Array | AttemptResult> {
    const out = this.compression === 'gzip' ? await gzip(body) : body;
    if (out.length > MAX_REQUEST_BYTES) {
      return {
        kind: 'failure',
        error: new OTLPExporterError(`request body of ${out.length} bytes exceeds the ${MAX_REQUEST_BYTES}-byte limit`),
      };
    }
    return out;
  }

  /** send makes one attempt, aborted after `timeoutMillis`. Never throws. */
  async send(
    body: Uint8Array,
    timeoutMillis: number,
    headers: Record<string, string> = this.headers,
  ): Promise<AttemptResult> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(1, timeoutMillis));
    try {
      const res = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers,
        body,
        signal: abort.signal,
      });
      const read = await readCapped(res.body, MAX_RESPONSE_BYTES);
      const status = res.statusCode;
      if (read === undefined) {
        return {
          kind: 'failure',
          error: new OTLPExporterError(`response larger than ${MAX_RESPONSE_BYTES} bytes (HTTP ${status})`, status),
        };
      }
      if (status >= 200 && status < 300) return { kind: 'success', status, body: read };
      const excerpt = bodyExcerpt(read);
      const error = new OTLPExporterError(
        `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`,
        status,
        excerpt === '' ? undefined : excerpt,
      );
      if (RETRYABLE_STATUS.has(status)) {
        const retryAfter = res.headers['retry-after'];
        return {
          kind: 'retryable',
          error,
          retryAfterMillis: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
        };
      }
      return { kind: 'failure', error };
    } catch (err) {
      if (abort.signal.aborted) {
        return { kind: 'failure', error: new OTLPExporterError('request timed out'), timedOut: true };
      }
      const code = (err as { code?: string }).code;
      const error = new OTLPExporterError(
        `request to ${this.shownUrl} failed: ${(err as Error).message}${code ? ` (${code})` : ''}`,
      );
      return code !== undefined && RETRYABLE_CODES.has(code)
        ? { kind: 'retryable', error }
        : { kind: 'failure', error };
    } finally {
      clearTimeout(timer);
    }
  }

  /** close ends the pool's connections. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** readCapped collects a body up to `cap` bytes; undefined (and the stream destroyed) if larger. */
async function readCapped(stream: AsyncIterable<Uint8Array> & { destroy(): void }, cap: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > cap) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

/**
 * bodyExcerpt turns an error body into a short printable string: the `message` of a
 * protobuf `google.rpc.Status` when it parses as one, otherwise the printable text.
 */
export function bodyExcerpt(body: Uint8Array, max = 512): string {
  if (body.length === 0) return '';
  const status = rpcStatusMessage(body);
  const text = status ?? Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  // Control characters (and undecodable bytes) become spaces so the excerpt stays one log line.
  let clean = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    clean += c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfffd ? ' ' : ch;
  }
  clean = clean.replace(/ +/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** rpcStatusMessage reads field 2 (message) of a protobuf google.rpc.Status, if the body is one. */
function rpcStatusMessage(b: Uint8Array): string | undefined {
  let pos = 0;
  let message: string | undefined;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10 && pos < b.length; i++) {
      const byte = b[pos++];
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 128;
    }
    return -1;
  };
  while (pos < b.length) {
    const tag = varint();
    if (tag < 0) return undefined;
    const wire = tag & 7;
    const field = tag >>> 3;
    if (wire === 0) {
      if (varint() < 0) return undefined;
    } else if (wire === 2) {
      const len = varint();
      if (len < 0 || pos + len > b.length) return undefined;
      if (field === 2) message = Buffer.from(b.buffer, b.byteOffset + pos, len).toString('utf8');
      pos += len;
    } else return undefined;
    if (field === 0) return undefined;
  }
  return message;
}
