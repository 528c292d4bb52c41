import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, VERSION, backoffMillis, parseRetryAfter } from '../src/index.js';
import { exportOnce } from './helpers/export.js';
import { useLoopbackExporter } from './helpers/loopback-exporter.js';
import { decodeJsonRequest, decodeRequest, metricsOf } from './helpers/otlp-decoder.js';
import { transformerComparableSnapshot } from './helpers/snapshots.js';

const loopback = useLoopbackExporter({ timeoutMillis: 3000 });

describe('HTTP transport', () => {
  it('POSTs protobuf with content type, user agent and headers, over one kept-alive connection', async () => {
    const receiver = await loopback.startReceiver();
    const e = loopback.createExporter(receiver.url, { headers: { 'X-Scope-OrgID': 'tenant-1' } });
    for (let i = 0; i < 6; i++) expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
    const [req] = receiver.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/metrics');
    expect(req.headers['content-type']).toBe('application/x-protobuf');
    expect(req.headers['user-agent']).toBe(`Yardstick-OTLP-Exporter-JavaScript/${VERSION}`);
    expect(req.headers['x-scope-orgid']).toBe('tenant-1');
    expect(req.headers['content-encoding']).toBeUndefined();
    expect(metricsOf(decodeRequest(req.body))).toHaveLength(5);
    // connections are kept alive and reused (the pool may open a second one while the first drains)
    expect(new Set(receiver.requests.map((r) => r.clientPort)).size).toBeLessThanOrEqual(2);
  });

  it('gzips the body when compression is gzip (from options or env)', async () => {
    const receiver = await loopback.startReceiver();
    const e = loopback.createExporter(receiver.url, { env: { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' } });
    expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
    expect(receiver.requests[0].headers['content-encoding']).toBe('gzip');
    // the receiver gunzipped it; it decodes to the full request
    expect(metricsOf(decodeRequest(receiver.requests[0].body))).toHaveLength(5);
  });

  it('sends OTLP/JSON with protocol http/json', async () => {
    const receiver = await loopback.startReceiver();
    const e = loopback.createExporter(receiver.url, { protocol: 'http/json' });
    expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
    const req = receiver.requests[0];
    expect(req.headers['content-type']).toBe('application/json');
    expect(decodeJsonRequest(req.body)).toEqual(
      decodeRequest(
        (await import('../src/index.js')).ProtobufMetricsSerializer.serializeRequest(
          transformerComparableSnapshot(),
        ) as Uint8Array,
      ),
    );
  });

  it('speaks TLS with a custom CA and a client certificate (mTLS), from OTEL_* files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ys-otlp-tls-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=test-ca',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    );
    const leaf = (name: string, san: string) => {
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        `/CN=${name}`,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
      );
      writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '1',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.pem`,
      );
    };
    leaf('server', 'IP:127.0.0.1');
    leaf('client', 'DNS:client');
    const read = (f: string) => readFileSync(join(dir, f));
    let clientCN: string | undefined;
    // An HTTPS server demanding a client certificate: the plain-HTTP loopback receiver cannot do this.
    const server = createServer(
      {
        key: read('server.key'),
        cert: read('server.pem'),
        ca: read('ca.pem'),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        clientCN = String((req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN);
        req.resume();
        req.on('end', () => res.writeHead(200).end());
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`;
      // no url: the endpoint, like the certificates, comes from the OTEL_* variables
      const e = loopback.createExporter(undefined, {
        env: {
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: url,
          OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem'),
          OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'client.key'),
          OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(dir, 'client.pem'),
        },
      });
      expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
      expect(clientCN).toBe('client');
      // without the CA the server certificate is rejected, and that is not retried
      const untrusted = loopback.createExporter(url, { retry: { maxAttempts: 3 } });
      const result = await exportOnce(untrusted, transformerComparableSnapshot());
      expect(result.code).toBe(1);
      expect(result.error?.message).toMatch(/certificate/i);
      expect(untrusted.report().retries).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 30_000);
});

describe('retry policy', () => {
  it('parses Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially up to the cap, with ±jitter', () => {
    const p = DEFAULT_RETRY;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMillis(n, p, () => 0.5))).toEqual([1000, 1500, 2250, 3375, 5000, 5000]);
    expect(backoffMillis(1, p, () => 0)).toBe(800);
    expect(backoffMillis(1, p, () => 1)).toBe(1200);
    const samples = new Set(Array.from({ length: 50 }, () => backoffMillis(2, p)));
    expect(samples.size).toBeGreaterThan(10); // jittered, not a fixed delay
  });
});
