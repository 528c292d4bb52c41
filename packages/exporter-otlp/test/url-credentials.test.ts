import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type OTLPMetricExporter, type OTLPMetricExporterOptions, otlpExporterOptionsFromEnv } from '../src/index.js';
import { redactUrl } from '../src/url-credentials.js';
import { type CapturedDiag, captureDiag } from './helpers/diag-capture.js';
import { exportOnce } from './helpers/export.js';
import { useLoopbackExporter } from './helpers/loopback-exporter.js';
import { deadUrl } from './helpers/receiver.js';
import { transformerComparableSnapshot } from './helpers/snapshots.js';

const loopback = useLoopbackExporter({ timeoutMillis: 3000 });
let diag: CapturedDiag | undefined;
afterEach(() => {
  diag?.stop();
  diag = undefined;
});

/** make creates an exporter from `options` alone (their `url` included), shut down after the test. */
function make(options: OTLPMetricExporterOptions): OTLPMetricExporter {
  return loopback.createExporter(options.url, options);
}

/** `http://127.0.0.1:port/v1/metrics` with `userinfo@` inserted after the scheme. */
const withUserinfo = (url: string, userinfo: string) => url.replace('http://', `http://${userinfo}@`);
const basic = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

describe('credentials in the endpoint URL', () => {
  it('are sent as Basic auth (percent-decoded) and not left in the requested URL', async () => {
    const receiver = await loopback.startReceiver();
    const e = make({ url: withUserinfo(receiver.url, 'user:s%40cret') });
    expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
    const [req] = receiver.requests;
    expect(req.headers.authorization).toBe(basic('user:s@cret'));
    expect(req.url).toBe('/v1/metrics');
    expect(e.url).toBe(receiver.url);
  });

  it('give way to an explicit Authorization header, from options or OTEL_EXPORTER_OTLP_HEADERS', async () => {
    const receiver = await loopback.startReceiver();
    const url = withUserinfo(receiver.url, 'user:s%40cret');
    const fromOptions = make({ url, headers: { Authorization: 'Bearer explicit' } });
    const fromEnv = make({ url, env: { OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20env' } });
    expect((await exportOnce(fromOptions, transformerComparableSnapshot())).code).toBe(0);
    expect((await exportOnce(fromEnv, transformerComparableSnapshot())).code).toBe(0);
    expect(receiver.requests.map((r) => r.headers.authorization)).toEqual(['Bearer explicit', 'Bearer env']);
  });

  it('never reach diag output or errors when the receiver is down; the host:port does', async () => {
    const dead = await deadUrl();
    const hostPort = new URL(dead).host;
    diag = captureDiag();
    const e = make({
      url: `${withUserinfo(dead, 'alice:s%40cret')}?api_key=tok3n`,
      retry: { maxAttempts: 2, initialBackoffMillis: 10, maxBackoffMillis: 10, jitter: 0 },
    });
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(1);
    const report = await e.forceFlush();
    const output = [
      ...diag.messages.map((m) => m.text),
      result.error?.message ?? '',
      inspect(result.error),
      report.lastError ?? '',
    ].join('\n');
    expect(diag.messages.some((m) => m.level === 'error')).toBe(true);
    expect(output).toContain(`request to http://***:***@${hostPort}/v1/metrics?*** failed`);
    for (const secret of ['alice', 's%40cret', 's@cret', 'tok3n', Buffer.from('alice:s@cret').toString('base64')]) {
      expect(output).not.toContain(secret);
    }
  });

  it('are masked in the error for an endpoint that does not parse', () => {
    let error: unknown;
    try {
      make({ url: 'http://alice:hunter2@collector:99999/v1/metrics' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('http://***:***@collector:99999/v1/metrics');
    // Node's own URL error would carry the raw input as a property, shown by console.error
    expect(inspect(error)).not.toMatch(/alice|hunter2/);
  });
});

describe('credentials in OTEL_EXPORTER_OTLP_*ENDPOINT', () => {
  it.each([
    [
      'port out of range',
      'http://user:s%40cret@collector:99999/v1/metrics',
      '"http://***:***@collector:99999/v1/metrics"',
    ],
    [
      'not http(s)',
      'ftp://user:s%40cret@collector/v1/metrics?token=s%40cret',
      '"ftp://***:***@collector/v1/metrics?***"',
    ],
    ['no scheme', 'user:s%40cret@collector:4318', '"***:***@collector:4318"'],
  ])('an invalid value (%s) is warned about without the secret', (_case, value, shown) => {
    diag = captureDiag();
    const options = otlpExporterOptionsFromEnv({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: value });
    expect(options.url).toBeUndefined();
    const warnings = diag.messages.filter((m) => m.level === 'warn').map((m) => m.text);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=${shown}`);
    expect(warnings[0]).not.toMatch(/user|s%40cret|s@cret/);
  });

  it('a valid generic value is not warned about and its credentials are kept for the transport', () => {
    diag = captureDiag();
    const options = otlpExporterOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:pw@collector:4318' });
    expect(options.url).toBe('http://user:pw@collector:4318/v1/metrics');
    expect(diag.messages.filter((m) => m.level === 'warn' || m.level === 'error')).toEqual([]);
  });
});

describe('redactUrl', () => {
  it('masks userinfo and the query, drops the fragment, keeps scheme, host, port and path', () => {
    expect(redactUrl('https://u:p@collector:4318/v1/metrics?token=abc#frag')).toBe(
      'https://***:***@collector:4318/v1/metrics?***',
    );
    expect(redactUrl(new URL('http://token@collector/'))).toBe('http://***:***@collector/');
    expect(redactUrl('http://collector:4318/v1/metrics')).toBe('http://collector:4318/v1/metrics');
  });

  it('over-masks rather than leaks a string that is not a URL', () => {
    // the password holds "/" and "@": everything up to the last "@" goes
    expect(redactUrl('http://u:p/a@ss@collector:1/x')).toBe('http://***:***@collector:1/x');
    expect(redactUrl('not a url')).toBe('not a url');
    expect(redactUrl('collector?key=1#x')).toBe('collector?***');
  });
});
