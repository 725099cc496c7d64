// Ack latency of /contract and of an Approve click, ours against a bare Bolt app that only acks the same requests.
// Every request is freshly signed (our replay guard refuses a signature seen before), by autocannon's setupRequest.
// The targets and the Slack emulator run in processes of their own; autocannon runs in the bench's.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { DEMO_USERS } from '../src/seed/demo.js';
import { signSlackRequest } from '../src/slack/signing.js';
import { paced, summarize } from './paced.js';
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
}

const WARMUP_S = Number(process.env.BENCH_ACK_WARMUP ?? 3);
// Ten paced runs: a target's p99 moves between 1 and 6 ms from one 10 s run to the next on a shared machine, and with
// five runs pooled one slow run decided the figure.
const REPEATS = Math.max(1, Number(process.env.BENCH_ACK_REPEATS ?? 10));

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
        response_url: `${emulatorUrl}/respond/D1/${DEMO_USERS.requester.id}`,
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
          response_url: `${emulatorUrl}/respond/D1/${DEMO_USERS.approver.id}`,
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
  if (mode === 'paced') {
    const r = await paced(`${url}/slack/events`, request, 300, seconds);
    return { ok: r.ok, non2xx: r.non2xx + r.errors, p50: r.p50, p99: r.p99, max: r.max, seconds, latencies: r.latencies };
  }
  const r = await autocannon({
    url: `${url}/slack/events`,
    method: 'POST',
    duration: seconds,
    ...(mode === 'bursts' ? { connections: 20, overallRate: 300 } : { connections: 50 }),
    requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }],
  });
  return { ok: r['2xx'], non2xx: r.non2xx, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, seconds: r.duration };
}

/** A target in its own process (bench/ack-target.ts): its URL once ready, its RSS on demand, a way to stop it. */
async function spawnTarget(mode: 'bare' | 'ours' | 'emulator', env: Record<string, string> = {}) {
  // BENCH_ACK_PROFILE=<folder>: ours runs under the V8 profiler and writes a .cpuprofile there when it stops.
  const profile = mode === 'ours' && process.env.BENCH_ACK_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_ACK_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/ack-target.ts', mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`${mode} target exited ${code}`)));
  });
  const { url, statsUrl } = JSON.parse(line) as { url: string; statsUrl?: string };
  /** The emulator's count of answers the app sent through response_url (its work after the ack, done). */
  const answered = async () => (statsUrl ? ((await (await fetch(statsUrl)).json()) as { answered: number }).answered : 0);
  const rssMb = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  };
  /** CPU time the process has used, in clock ticks (utime + stime of /proc/<pid>/stat). */
  const cpuTicks = () => {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return {
    url,
    rssMb,
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
 * Waits until the processes are idle: under 2 clock ticks (~20 ms) of CPU each in a quarter of a second, for at most
 * a minute. A target still working off the previous run's backlog (work queued after its acks) would otherwise carry
 * it into the next run, its own or the other side's, and a ratio of p99s of a few milliseconds is all noise then.
 */
async function quiet(targets: { cpuTicks(): number }[]): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const before = targets.map((t) => t.cpuTicks());
    await new Promise((r) => setTimeout(r, 250));
    if (targets.every((t, i) => t.cpuTicks() - before[i]! < 2)) return;
  }
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
  const bare = await spawnTarget('bare');
  stops.push(bare.stop);
  add('bare Bolt', bare, bodies('T0BENCH', 'http://127.0.0.1:9'));
  for (const { name, url } of databases) {
    const team = `TACK${Date.now()}`;
    const emu = await spawnTarget('emulator', { TEAM: team });
    const ours = await spawnTarget('ours', { TEAM: team, SLACK_API_URL: `${emu.url}/api/`, ...(url ? { DATABASE_URL: url } : {}) });
    stops.push(ours.stop, emu.stop);
    add(`contract-desk (${name})`, ours, bodies(team, emu.url), emu);
  }
  const rows: AckRow[] = [];
  try {
    for (const request of ['command', 'approve'] as const) {
      // Unmeasured warm-up: the first requests of a process pay for lazy module loading, JIT and opening database
      // connections, and a stall of a few hundred ms there is by itself the p99 of a 10 s run.
      if (WARMUP_S > 0) for (const s of sides) await load(s.t.url, s.b[request], 'paced', WARMUP_S);
      for (const mode of ['paced', 'bursts', 'flat'] as const) {
        // Loopback latency on a shared machine is noisy: the paced load (the goal's figure) runs REPEATS times per target,
        // the others up to 3, and the median run (by p99, or by work done flat out) is reported.
        const runs = new Map<Side, (Run & { done: number })[]>(sides.map((s) => [s, []]));
        const repeats = mode === 'paced' ? REPEATS : Math.min(REPEATS, 3);
        for (let i = 0; i < repeats; i++) {
          for (const s of sides) {
            await quiet(sides.flatMap((x) => (x.emu ? [x.t, x.emu] : [x.t])));
            const before = (await s.emu?.answered()) ?? 0;
            const r = await load(s.t.url, s.b[request], mode, seconds);
            // Work done within the run: answers sent before it ended (work still queued does not count). Bare Bolt only acks.
            const done = s.emu ? (await s.emu.answered()) - before : r.ok;
            runs.get(s)!.push({ ...r, done });
            s.peak = Math.max(s.peak, s.t.rssMb());
          }
        }
        for (const s of sides) {
          const mine = runs.get(s)!.sort((x, y) => (mode === 'flat' ? x.done - y.done : x.p99 - y.p99));
          const r = mine[Math.floor(mine.length / 2)]!;
          // Paced: the latencies of all runs pooled (10 × 3,000 requests), so the p99 is the 300th slowest of 30,000
          // rather than a median of five 30th-slowest, which moved by half a millisecond between runs at rest.
          const pooled = mode === 'paced' ? summarize(mine.flatMap((x) => x.latencies ?? []).sort((a, b) => a - b)) : r;
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
          });
        }
      }
    }
  } finally {
    for (const stop of stops) await stop();
  }
  const rss = sides.map((s) => ({ target: s.name, atRestMb: s.atRest, afterLoadMb: s.peak }));
  return { rows, rss };
}
