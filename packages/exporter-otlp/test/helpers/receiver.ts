/**
 * A scripted OTLP/HTTP receiver on 127.0.0.1 (ephemeral port). Each request is recorded (headers,
 * decompressed body, arrival time) and answered by the next scripted behaviour; once the script is
 * used up, requests get 200 with an empty body.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
  /** Client port: equal ports mean a reused (kept-alive) connection. */
  clientPort: number;
}

export type Behaviour = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface Receiver {
  url: string;
  /** Requests whose body arrived in full. */
  requests: ReceivedRequest[];
  /** Requests cut off during the upload (by `resetDuringUpload`): bytes received before the reset. */
  aborted: number[];
  /** TCP connections accepted. */
  readonly connections: number;
  script: Behaviour[];
  close(): Promise<void>;
}

export const reply =
  (status: number, body: Uint8Array | string = '', headers: Record<string, string> = {}): Behaviour =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/x-protobuf', ...headers });
    res.end(body);
  };

/** Destroys the connection without any response. */
export const resetConnection: Behaviour = (req) => {
  req.socket.destroy();
};

/** An early behaviour runs on the first chunk of the request body instead of after the whole body. */
export type EarlyBehaviour = Behaviour & { early: true };

/**
 * Destroys the connection as soon as the first chunk of the request body arrives, so the client
 * is still uploading (use a body far larger than a socket buffer).
 */
export const resetDuringUpload: EarlyBehaviour = Object.assign<Behaviour, { early: true }>(
  (req) => {
    req.socket.destroy();
  },
  { early: true },
);

function isEarly(b: Behaviour | undefined): b is EarlyBehaviour {
  return b !== undefined && (b as Partial<EarlyBehaviour>).early === true;
}

/** Answers 200 after `ms` (unless the client gave up first). */
export const slow =
  (ms: number): Behaviour =>
  (_req, res) => {
    const t = setTimeout(() => {
      if (!res.destroyed) reply(200)(_req, res, Buffer.alloc(0));
    }, ms);
    res.on('close', () => clearTimeout(t));
  };

export async function startReceiver(script: Behaviour[] = []): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const aborted: number[] = [];
  const state = { script, connections: 0 };
  const server: Server = createServer((req, res) => {
    const head = state.script[0];
    if (isEarly(head)) {
      state.script.shift();
      req.once('data', (c: Buffer) => {
        aborted.push(c.length);
        head(req, res, c);
      });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        at: Date.now(),
        clientPort: req.socket.remotePort ?? -1,
      });
      const next = state.script.shift() ?? reply(200);
      next(req, res, body);
    });
  });
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/metrics`,
    requests,
    aborted,
    get connections() {
      return state.connections;
    },
    get script() {
      return state.script;
    },
    set script(s: Behaviour[]) {
      state.script = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on loopback where nothing listens (a port that was just freed). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/metrics`;
}
