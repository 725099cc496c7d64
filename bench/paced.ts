// Requests at an even pace, which is what "a fixed 300 req/s" means: one every 1000/rate ms, sent whether or not the
// earlier ones were answered (an open loop), so a stall of the target shows in the latency of every request sent
// during it. autocannon's `overallRate` is not that: each connection sends its share of a second back to back as
// soon as the second starts (its `rate` is a per-second budget), so "300 req/s" arrives as a burst of 300 at the
// full speed of the target, then nothing (mcollina/autocannon#174: "50 request in 100ms then 900ms of nothing";
// even pacing is not supported). Its latency figures then measure throughput under a burst; the bench keeps them
// too, labelled as bursts.
import http from 'node:http';

export interface PacedResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** The pace reached: requests sent per second of the run (below `rate` only if this process fell behind). */
  rps: number;
  /** Every answered request's latency (ms), sorted: runs can be pooled into one distribution. */
  latencies: number[];
}

const round = (x: number) => Math.round(x * 10) / 10;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** p50, p99 and max of latencies sorted ascending, to a tenth of a millisecond. */
export function summarize(sorted: number[]): { p50: number; p99: number; max: number } {
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

/**
 * `even`: one request every 1000/rate ms, timed from the moment it is handed over. `bursts`: a second's `rate`
 * requests all at once at the start of each second, over `connections` connections, each timed from the moment it
 * gets its connection (as autocannon times its own bursts): how long the target takes to answer it with a burst
 * in flight, not how long it queued in this process for one of the 20 connections.
 */
export async function paced(
  url: string,
  make: () => { body: string; headers: Record<string, string> },
  rate: number,
  seconds: number,
  connections = 20,
  shape: 'even' | 'bursts' = 'even',
): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let settled = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const settle = () => {
    settled += 1;
    if (settled === total) allDone();
  };
  const send = () => {
    const { body, headers } = make();
    // Even: timed from the moment the request is handed over (a request queued for a free connection waits on the
    // target). Bursts: from the moment it has its connection.
    let t0 = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        if (res.statusCode! >= 200 && res.statusCode! < 300) ok += 1;
        else non2xx += 1;
        settle();
      });
    });
    if (shape === 'bursts') req.once('socket', () => (t0 = performance.now()));
    req.on('error', () => {
      errors += 1;
      settle();
    });
    req.end(body);
  };
  const start = performance.now() + 5;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = (i: number) => start + (shape === 'bursts' ? Math.floor(i / rate) * 1000 : i * interval);
      while (next < total && due(next) <= now) {
        send();
        next += 1;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, due(next) - performance.now()));
    };
    tick();
  });
  const sentFor = (performance.now() - start) / 1000;
  await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent: total, ok, non2xx, errors, ...summarize(latencies), rps: Math.round(total / sentFor), latencies };
}
