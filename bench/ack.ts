// Ack latency of /contract and of an Approve click, ours against a bare Bolt app that only acks the same requests.
// Every request is freshly signed (our replay guard refuses a signature seen before).
// The targets and the Slack emulator run in processes of their own; the load generators (bench/paced.ts, and autocannon
// flat out) run in the bench's.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { DEMO_USERS } from '../src/seed/demo.js';
import { signSlackRequest } from '../src/slack/request-signature.js';
import { startNodeFlags } from '../test/helpers/app-process.js';
import { builtAckTarget } from './built-target.js';
import { paced, summarize } from './paced.js';
import { machineTicks, processTicks, rssMb, TICK_MS, treeTicks } from './proc.js';
import { p99RatioInterval, type RatioInterval } from './ratio-interval.js';
import { BENCH_SECRET as SECRET } from './secret.js';

export interface AckRow {
  target: string;
  request: string;
  load: string;
  /** Requests answered 2xx per second: acked. Past the app's in-flight limit the rest get 503 (non2xx). */
  rps: number;
  /** Requests whose work after the ack (the answer through response_url) was done within the run, per second. */
  donePerS: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Every run's p99 (fixed rate) or req/s (flat out), sorted; the row is the median one. */
  runs: string;
  /** CPU time the target's process tree used per request answered, over all runs (ms): ours' embedded PostgreSQL included, a server's not. */
  cpuMsPerReq: number;
  /** The same for its Slack emulator (the response_url answers it took): work the same cores did for this side. */
  emuCpuMsPerReq: number;
  /** CPU the rest of the machine used during the runs (neither this side nor the load generator), % of one core. */
  otherCpuPct: number;
  /** Runs that started with the machine still busy after 20 s of waiting. */
  notQuiet: number;
  /** Paced and bursts, ours only: the p99 ratio to bare Bolt's and its 90% interval over resamples of both sides' runs. */
  p99VsBare?: RatioInterval;
}

const WARMUP_S = Number(process.env.BENCH_ACK_WARMUP ?? 3);
// Ten paced runs: a target's p99 moves between 1 and 6 ms from one 10 s run to the next on a shared machine, and with
// five runs pooled one slow run decided the figure.
const REPEATS = Math.max(1, Number(process.env.BENCH_ACK_REPEATS ?? 10));
// For iterating on one figure: BENCH_ACK_REQUESTS=approve, BENCH_ACK_MODES=paced (both lists, comma-separated).
const REQUESTS = (process.env.BENCH_ACK_REQUESTS ?? 'command,approve').split(',') as ('command' | 'approve')[];
const MODES = (process.env.BENCH_ACK_MODES ?? 'paced,bursts,flat').split(',') as Mode[];

function bodies(teamId: string, emulatorUrl: string) {
  return {
    command: () =>
      new URLSearchParams({
        team_id: teamId,
        user_id: DEMO_USERS.requester.id,
        command: '/contract',
        text: 'help',
        trigger_id: randomBytes(8).toString('hex'),
        channel_id: 'D1',
        response_url: `${emulatorUrl}/respond/${teamId}/D1/${DEMO_USERS.requester.id}`,
      }).toString(),
    approve: () =>
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          team: { id: teamId },
          user: { id: DEMO_USERS.approver.id, team_id: teamId },
          trigger_id: randomBytes(8).toString('hex'),
          actions: [
            {
              action_id: 'approval:approve',
              block_id: 'b',
              type: 'button',
              value: '00000000-0000-4000-8000-000000000000:1',
              action_ts: String(Date.now() / 1000),
            },
          ],
          container: { type: 'message', channel_id: 'D1', message_ts: '1.1' },
          channel: { id: 'D1' },
          // Slack sends one with every click on a message.
          response_url: `${emulatorUrl}/respond/${teamId}/D1/${DEMO_USERS.approver.id}`,
        }),
      }).toString(),
  };
}

/** One run's figures, whichever generator made the load. */
interface Run {
  ok: number;
  non2xx: number;
  p50: number;
  p99: number;
  max: number;
  seconds: number;
  /** The paced generator's every latency, sorted (autocannon gives only its percentiles). */
  latencies?: number[];
}

type Mode = 'paced' | 'bursts' | 'flat';
const LOAD_LABEL: Record<Mode, string> = { paced: '300 req/s', bursts: '300 req/s bursts', flat: '50 conns' };

const signed = (make: () => string) => () => {
  const body = make();
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(SECRET, ts, body),
    },
  };
};

async function load(url: string, make: () => string, mode: Mode, seconds: number): Promise<Run> {
  const request = signed(make);
  if (mode !== 'flat') {
    const r = await paced(`${url}/slack/events`, request, 300, seconds, 20, mode === 'bursts' ? 'bursts' : 'even');
    return { ok: r.ok, non2xx: r.non2xx + r.errors, p50: r.p50, p99: r.p99, max: r.max, seconds, latencies: r.latencies };
  }
  const r = await autocannon({
    url: `${url}/slack/events`,
    method: 'POST',
    duration: seconds,
    connections: 50,
    requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }],
  });
  return { ok: r['2xx'], non2xx: r.non2xx, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, seconds: r.duration };
}

/**
 * A target in its own process (bench/ack-target.ts, compiled as `npm start` runs the app: `file`): its URL once ready,
 * its RSS on demand, a way to stop it.
 */
async function spawnTarget(file: string, mode: 'bare' | 'ours' | 'emulator', env: Record<string, string> = {}) {
  // BENCH_ACK_PROFILE=<folder>: ours runs under the V8 profiler and writes a .cpuprofile there when it stops.
  const profile = mode === 'ours' && process.env.BENCH_ACK_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_ACK_PROFILE}`] : [];
  // Ours runs with the Node flags `npm start` gives the app (its garbage collector's setting); bare Bolt with Node's defaults.
  const flags = mode === 'ours' ? startNodeFlags() : [];
  const child = spawn(process.execPath, [...flags, ...profile, file, mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`${mode} target exited ${code}`)));
  });
  const { url, statsUrl } = JSON.parse(line) as { url: string; statsUrl?: string };
  /** The emulator's count of answers the app sent through response_url (its work after the ack, done). */
  const answered = async () => (statsUrl ? ((await (await fetch(statsUrl)).json()) as { answered: number }).answered : 0);
  /** CPU time the process and its children (ours' embedded PostgreSQL) have used, in clock ticks. */
  const cpuTicks = () => treeTicks(child.pid!);
  return {
    url,
    rssMb: () => rssMb(child.pid!),
    answered,
    cpuTicks,
    // SIGTERM: ours stops its embedded cluster and removes its folder; a target stuck for 20 s is killed.
    stop: () =>
      new Promise<void>((r) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(kill);
          r();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Waits until the machine is idle but for this process: under 3 clock ticks (~30 ms) of CPU, all cores together, in a
 * quarter of a second, for at most 20 s. A target still working off the previous run's backlog (work queued after
 * its acks), or a PostgreSQL still writing the last phase's data, would otherwise run into the next run, its own or
 * the other side's, and a ratio of p99s of a few milliseconds is all noise then. Returns whether it got quiet.
 */
async function quiet(): Promise<boolean> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const [machine, self] = [machineTicks(), processTicks(process.pid)];
    await new Promise((r) => setTimeout(r, 250));
    if (machineTicks() - machine - (processTicks(process.pid) - self) < 3) return true;
  }
  return false;
}

/** CPU ms per request answered 2xx, over all of a side's runs, to a hundredth. */
function perReq<R extends { ok: number }>(runs: R[], ticks: (r: R) => number): number {
  const ok = runs.reduce((n, r) => n + r.ok, 0);
  return ok ? Math.round((runs.reduce((n, r) => n + ticks(r), 0) * TICK_MS * 100) / ok) / 100 : NaN;
}

export interface AckRss {
  target: string;
  atRestMb: number;
  afterLoadMb: number;
}

/**
 * Each target runs in its own process; autocannon runs here. `databases` name where ours keeps its data:
 * the embedded cluster in a temporary folder (no url: the app starts it, as `npm start` does) or a server's database.
 * All targets are up at once and their runs alternate (bare, ours, bare, ours…): on a shared 2-core machine the
 * background load drifts over minutes, and a ratio is only fair when both sides saw the same minutes.
 */
export async function benchAck(databases: { name: string; url?: string }[], seconds: number): Promise<{ rows: AckRow[]; rss: AckRss[] }> {
  type Target = Awaited<ReturnType<typeof spawnTarget>>;
  interface Side {
    name: string;
    t: Target;
    b: ReturnType<typeof bodies>;
    emu?: Target;
    atRest: number;
    peak: number;
  }
  const sides: Side[] = [];
  const stops: (() => Promise<void>)[] = [];
  const add = (name: string, t: Target, b: ReturnType<typeof bodies>, emu?: Target) => {
    const atRest = t.rssMb();
    sides.push({ name, t, b, emu, atRest, peak: atRest });
  };
  const rows: AckRow[] = [];
  // Started inside the try: a target that fails to start stops the ones already up (each holds a pipe to this process).
  try {
    const file = await builtAckTarget();
    const bare = await spawnTarget(file, 'bare');
    stops.push(bare.stop);
    add('bare Bolt', bare, bodies('T0BENCH', 'http://127.0.0.1:9'));
    for (const { name, url } of databases) {
      const team = `TACK${Date.now()}`;
      const emu = await spawnTarget(file, 'emulator', { TEAM: team });
      stops.push(emu.stop);
      const ours = await spawnTarget(file, 'ours', { TEAM: team, SLACK_API_URL: `${emu.url}/api/`, ...(url ? { DATABASE_URL: url } : {}) });
      stops.push(ours.stop);
      add(`contract-desk (${name})`, ours, bodies(team, emu.url), emu);
    }
    for (const request of REQUESTS) {
      // Unmeasured warm-up: the first requests of a process pay for lazy module loading, JIT and opening database
      // connections, and a stall of a few hundred ms there is by itself the p99 of a 10 s run.
      if (WARMUP_S > 0) for (const s of sides) await load(s.t.url, s.b[request], 'paced', WARMUP_S);
      for (const mode of MODES) {
        // Loopback latency on a shared machine is noisy: the paced and burst loads (the goals' figures) run REPEATS times
        // per target, flat out up to 3 (the median run by work done is reported).
        const runs = new Map<Side, (Run & { done: number; ticks: number; emuTicks: number; otherTicks: number; quiet: boolean })[]>(sides.map((s) => [s, []]));
        const repeats = mode === 'flat' ? Math.min(REPEATS, 3) : REPEATS;
        for (let i = 0; i < repeats; i++) {
          for (const s of sides) {
            const calm = await quiet();
            const before = (await s.emu?.answered()) ?? 0;
            const cpu = () => ({ t: s.t.cpuTicks(), emu: s.emu?.cpuTicks() ?? 0, machine: machineTicks(), self: processTicks(process.pid) });
            const c0 = cpu();
            const r = await load(s.t.url, s.b[request], mode, seconds);
            const c1 = cpu();
            // Work done within the run: answers sent before it ended (work still queued does not count). Bare Bolt only acks.
            const done = s.emu ? (await s.emu.answered()) - before : r.ok;
            const [ticks, emuTicks] = [c1.t - c0.t, c1.emu - c0.emu];
            const otherTicks = c1.machine - c0.machine - (c1.self - c0.self) - ticks - emuTicks;
            runs.get(s)!.push({ ...r, done, ticks, emuTicks, otherTicks, quiet: calm });
            s.peak = Math.max(s.peak, s.t.rssMb());
          }
        }
        for (const s of sides) {
          const mine = runs.get(s)!.sort((x, y) => (mode === 'flat' ? x.done - y.done : x.p99 - y.p99));
          const r = mine[Math.floor(mine.length / 2)]!;
          // Paced and bursts: the latencies of all runs pooled (10 × 3,000 requests), so the p99 is the 300th slowest of
          // 30,000 rather than a median of five 30th-slowest, which moved by half a millisecond between runs at rest.
          const pooled = mode !== 'flat' ? summarize(mine.flatMap((x) => x.latencies ?? []).sort((a, b) => a - b)) : r;
          rows.push({
            target: s.name,
            request,
            load: LOAD_LABEL[mode],
            rps: Math.round(r.ok / r.seconds),
            donePerS: Math.round(r.done / r.seconds),
            p50: pooled.p50,
            p99: pooled.p99,
            max: pooled.max,
            non2xx: r.non2xx,
            runs: mine.map((x) => (mode === 'flat' ? Math.round(x.done / x.seconds) : x.p99)).join('/'),
            cpuMsPerReq: perReq(mine, (x) => x.ticks),
            emuCpuMsPerReq: perReq(mine, (x) => x.emuTicks),
            // Per-process tick counters are read one after another, so a quiet machine can come out a tick or two below zero.
            otherCpuPct: Math.max(0, Math.round((mine.reduce((n, x) => n + x.otherTicks, 0) * TICK_MS) / mine.reduce((n, x) => n + x.seconds * 10, 0))),
            notQuiet: mine.filter((x) => !x.quiet).length,
            ...(mode !== 'flat' && s !== sides[0]
              ? {
                  p99VsBare: p99RatioInterval(
                    mine.map((x) => x.latencies ?? []),
                    runs.get(sides[0]!)!.map((x) => x.latencies ?? []),
                  ),
                }
              : {}),
          });
        }
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  const rss = sides.map((s) => ({ target: s.name, atRestMb: s.atRest, afterLoadMb: s.peak }));
  return { rows, rss };
}
