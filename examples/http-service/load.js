// Load generator for the example service: a steady, bounded mix of requests so the metrics move.
//   node load.js [url]    (TARGET, RPS (default 25), CONCURRENCY (20), DURATION seconds (until Ctrl-C))
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';

/** The mix: [weight, path]. Ids vary, the recorded route stays /users/:id. */
const MIX = [
  [40, () => '/'],
  [30, () => `/users/${1 + Math.floor(Math.random() * 500)}`],
  [4, () => '/users/abc'], // 400: a client error, not counted as a failure
  [10, () => '/slow'],
  [12, () => '/fail'], // 503s and thrown errors
  [4, () => '/no-such-page'], // 404: no route, folds into one series
];
const TOTAL = MIX.reduce((sum, [w]) => sum + w, 0);

function pickPath() {
  let r = Math.random() * TOTAL;
  for (const [w, path] of MIX) if ((r -= w) < 0) return path();
  return '/';
}

/**
 * startLoad sends about `rps` requests per second to `target`, never more than `concurrency` at
 * once (excess ticks are skipped, not queued). About 1 in 50 requests to /slow is abandoned by
 * the client after 50 ms, which the service records as error.type="aborted".
 */
export function startLoad({ target = 'http://127.0.0.1:8080', rps = 25, concurrency = 20 } = {}) {
  const base = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const stats = { sent: 0, ok: 0, clientErrors: 0, serverErrors: 0, aborted: 0, failed: 0, skipped: 0 };
  let inFlight = 0;
  let credit = 0;
  const TICK = 50;

  function send() {
    const path = pickPath();
    inFlight++;
    stats.sent++;
    const req = request(new URL(path, base), { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        const s = res.statusCode ?? 0;
        if (s >= 500) stats.serverErrors++;
        else if (s >= 400) stats.clientErrors++;
        else stats.ok++;
      });
    });
    let abandoned = false;
    if (path === '/slow' && Math.random() < 0.02) {
      setTimeout(() => {
        abandoned = true;
        req.destroy();
      }, 50).unref();
    }
    req.on('error', () => {
      if (abandoned) stats.aborted++;
      else stats.failed++;
    });
    req.on('close', () => inFlight--);
    req.end();
  }

  const timer = setInterval(() => {
    credit += (rps * TICK) / 1000;
    while (credit >= 1) {
      credit -= 1;
      if (inFlight >= concurrency) stats.skipped++;
      else send();
    }
  }, TICK);

  return {
    stats,
    /** stop stops sending, waits (bounded) for requests in flight, and returns the totals. */
    async stop() {
      clearInterval(timer);
      for (let i = 0; i < 40 && inFlight > 0; i++) await new Promise((r) => setTimeout(r, 50));
      agent.destroy();
      return stats;
    },
  };
}

/** One line for people: what the load generator did. */
export function describe(stats) {
  return (
    `load: ${stats.sent} requests sent — ${stats.ok} ok, ${stats.clientErrors} 4xx, ` +
    `${stats.serverErrors} 5xx, ${stats.aborted} abandoned, ${stats.failed} failed, ${stats.skipped} skipped`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const num = (v, d) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  const target = process.argv[2] ?? process.env.TARGET ?? 'http://127.0.0.1:8080';
  const load = startLoad({ target, rps: num(process.env.RPS, 25), concurrency: num(process.env.CONCURRENCY, 20) });
  console.log(`load: sending about ${num(process.env.RPS, 25)} requests/s to ${target}`);
  const finish = async () => {
    console.log(describe(await load.stop()));
    process.exit(0);
  };
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);
  const duration = num(process.env.DURATION, 0);
  if (duration > 0) setTimeout(finish, duration * 1000);
}
