/**
 * Web-standard adapter: `Request` in, `Response` out — for Hono, Next.js route handlers, Bun-style
 * servers, or anything built on the Fetch API.
 */
import type { PrometheusExporter } from '../exporter.js';

/**
 * webMetricsHandler returns a `(Request) => Promise<Response>` function.
 *
 * @example
 * const metrics = webMetricsHandler(exporter);
 * export const GET = (request: Request) => metrics(request);
 */
export function webMetricsHandler(exporter: PrometheusExporter): (request: Request) => Promise<Response> {
  return async (request) => {
    const result = await exporter.scrapeChunks({
      method: request.method,
      accept: request.headers.get('accept') ?? undefined,
      acceptEncoding: request.headers.get('accept-encoding') ?? undefined,
    });
    const chunks = result.chunks;
    if (request.method === 'HEAD' || chunks.length === 0)
      return new Response(null, { status: result.status, headers: result.headers });
    let next = 0;
    // A stream hands the chunks over one by one instead of copying them into one buffer.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next < chunks.length) controller.enqueue(chunks[next++]);
        else controller.close();
      },
    });
    return new Response(body, { status: result.status, headers: result.headers });
  };
}
