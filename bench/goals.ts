// The goals (issues 14, 24, 25, 27), each figure beside its target, read from the numbers the bench just measured. Printed, never
// asserted: a machine shared with other work shows up here, not as a red test.
import type { AckRow, AckRss } from './ack.js';
import type { BurstResult } from './burst.js';
import type { ColdStart } from './cold-start.js';
import type { ImportResult } from './import.js';
import type { OutboxResult, PollerResult } from './jobs.js';
import type { PdfResult } from './pdf.js';
import type { SetupResult } from './setup.js';

export interface Goal {
  goal: string;
  target: string;
  measured: string;
  met: '✓' | '✗' | '–';
}

export interface Measured {
  ack: AckRow[];
  ackRss: AckRss[];
  poller: PollerResult[];
  outbox: OutboxResult[];
  coldStart: ColdStart[];
  pdf: PdfResult[];
  /** Kill → orphaned outbox claims taken up again, per kill of the short soak (ms). */
  resumedMs: number[] | null;
  /** Imports of a console export (issue 24); absent when skipped. */
  imports?: ImportResult[];
  /** The set-up-to-first-contract path (issue 24); absent when skipped. */
  setup?: SetupResult[];
  /** The month-end burst under Slack's rate limits (issue 25); absent when skipped. */
  burst?: BurstResult[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function goals(m: Measured): Goal[] {
  const out: Goal[] = [];
  const add = (goal: string, target: string, value: number, ok: (v: number) => boolean, shown: string) =>
    out.push({ goal, target, measured: shown, met: Number.isFinite(value) ? (ok(value) ? '✓' : '✗') : '–' });
  const row = (target: string, request: string, load: string) => m.ack.find((r) => r.target === target && r.request === request && r.load === load);
  const ours = 'contract-desk (embedded)';
  // Issue 14's goal for /contract (the pooled p99's ratio); issue 27's for Approve: the upper end of the ratio's 90%
  // interval, so that a lucky run cannot meet it.
  for (const request of ['command', 'approve'] as const) {
    const bare = row('bare Bolt', request, '300 req/s');
    const mine = row(ours, request, '300 req/s');
    const ratio = bare && mine ? mine.p99 / bare.p99 : NaN;
    const judged = request === 'approve' ? (mine?.p99VsBare?.high ?? NaN) : ratio;
    add(
      `ack p99 at 300 req/s, ${request === 'command' ? '/contract' : 'Approve'} (embedded)`,
      request === 'approve' ? '≤ 1.2× bare Bolt (90% interval)' : '≤ 1.2× bare Bolt',
      judged,
      (v) => v <= 1.2,
      `${fmt(ratio, 2)}× (${mine?.p99 ?? '?'} vs ${bare?.p99 ?? '?'} ms${mine?.p99VsBare ? `; 90% of resampled runs ${fmt(mine.p99VsBare.low, 2)}–${fmt(mine.p99VsBare.high, 2)}×` : ''})`,
    );
  }
  // Issue 27: 300 clicks at once, on each engine.
  for (const target of m.ack.filter((r) => r.request === 'approve' && r.load === '300 req/s bursts' && r.target !== 'bare Bolt')) {
    const bare = row('bare Bolt', 'approve', '300 req/s bursts');
    const ratio = bare ? target.p99 / bare.p99 : NaN;
    add(
      `ack p99 in bursts of 300, Approve (${target.target.replace(/^contract-desk \((.*)\)$/, '$1')})`,
      '≤ 2× bare Bolt',
      ratio,
      (v) => v <= 2,
      `${fmt(ratio, 2)}× (${target.p99} vs ${bare?.p99 ?? '?'} ms${target.p99VsBare ? `; 90% of resampled runs ${fmt(target.p99VsBare.low, 2)}–${fmt(target.p99VsBare.high, 2)}×` : ''})`,
    );
  }
  {
    const bare = row('bare Bolt', 'approve', '50 conns');
    const mine = row(ours, 'approve', '50 conns');
    const ratio = bare && mine ? mine.donePerS / bare.rps : NaN;
    add(
      'Approve flat out, work done (embedded)',
      '≥ 0.6× bare Bolt',
      ratio,
      (v) => v >= 0.6,
      `${fmt(ratio, 2)}× (${mine?.donePerS ?? '?'} vs ${bare?.rps ?? '?'}/s)`,
    );
  }
  for (const p of m.poller)
    add(`poller, ${p.inFlight.toLocaleString('en')} in flight (${p.engine})`, '≥ 1,000 transitions/s', p.perSecond, (v) => v >= 1000, `${p.perSecond}/s`);
  if (m.resumedMs) {
    const worst = m.resumedMs.length ? Math.max(...m.resumedMs) : NaN;
    add(
      'after a kill -9, cut claims taken up again',
      '≤ 5 s',
      worst / 1000,
      (v) => v <= 5,
      m.resumedMs.length ? `${fmt(worst / 1000, 1)} s worst of ${m.resumedMs.length} kills` : 'no kill cut a claim',
    );
  }
  if (m.coldStart.length) {
    const first = median(m.coldStart.map((c) => c.firstStartMs));
    const again = median(m.coldStart.map((c) => c.restartMs));
    const mem = median(m.coldStart.map((c) => c.totalMb));
    add('cold start of npm start, fresh folder', '< 4 s', first / 1000, (v) => v < 4, `${fmt(first / 1000, 1)} s`);
    add('restart of npm start', '< 1.5 s', again / 1000, (v) => v < 1.5, `${fmt(again / 1000, 2)} s`);
    add('memory at rest, app RSS + its PostgreSQL PSS', '< 250 MB', mem, (v) => v < 250, `${mem} MB`);
  }
  for (const o of m.outbox.filter((x) => x.engine === 'embedded'))
    add('outbox delivery p99 under load (embedded)', '< 500 ms', o.p99ms, (v) => v < 500, `${o.p99ms} ms`);
  {
    // BENCH_IMPORT_RUNS > 1: the best run, the others beside it (a shared machine slows runs, it never speeds one up).
    const runs = (m.imports ?? []).filter((x) => x.engine === 'embedded' && x.format === 'csv' && x.pass === 'first');
    const i = runs.reduce<ImportResult | undefined>((best, x) => (!best || x.rowsPerS > best.rowsPerS ? x : best), undefined);
    const others = runs.length > 1 ? `; best of ${runs.length}: ${runs.map((x) => x.rowsPerS.toLocaleString('en')).join(', ')}` : '';
    if (i)
      add(
        `import of ${i.rows.toLocaleString('en')} order rows with validation (embedded, CSV)`,
        '≥ 20,000 rows/s',
        i.rowsPerS,
        (v) => v >= 20_000,
        `${i.rowsPerS.toLocaleString('en')} rows/s (parse ${i.parseMs} ms, validate ${i.validateMs} ms, write ${i.writeMs} ms${others})`,
      );
  }
  // Slack waits 3 s for the answer to a modal submission; the set-up's save checks the channel and the people with
  // Slack before its transaction, so it is the step closest to that limit.
  for (const x of (m.setup ?? []).filter((r) => r.engine === 'embedded' && r.step === 'page two submitted (saved)'))
    add('set-up save answered (embedded), p95', '< 3,000 ms (Slack waits 3 s)', x.p95Ms, (v) => v < 3000, `${x.p95Ms} ms (median ${x.medianMs} ms)`);
  for (const x of (m.setup ?? []).filter((r) => r.engine === 'embedded' && r.step === 'whole path'))
    add('set-up to first contract, app time (embedded), median', '< 2,000 ms', x.medianMs, (v) => v < 2000, `${x.medianMs} ms (p95 ${x.p95Ms} ms)`);
  for (const b of m.burst ?? []) {
    const at = `${b.contracts} contracts in one channel (${b.engine})`;
    add(
      `month-end burst: last thread post, ${at}`,
      '≤ 1.2× the least time Slack allows',
      b.ratio,
      (v) => v <= 1.2,
      `${fmt(b.ratio, 2)}× (${b.lastPostS} s vs ${b.leastS} s, Slack's seconds)`,
    );
    add(
      'month-end burst: calls Slack answered 429',
      '≤ 2%',
      b.ratelimitedShare * 100,
      (v) => v <= 2,
      `${fmt(b.ratelimitedShare * 100, 2)}% (${b.ratelimited} of ${b.calls})`,
    );
    add('month-end burst: notifications parked', '0', b.parked, (v) => v === 0, String(b.parked));
    add(
      "month-end burst: a person's click answered, p99",
      '< 1 s',
      b.clicksUnanswered ? Number.MAX_SAFE_INTEGER : b.clickP99Ms,
      (v) => v < 1000,
      `${b.clickP99Ms} ms (${b.clicks} clicks${b.clicksUnanswered ? `, ${b.clicksUnanswered} unanswered in 10 s` : ''})`,
    );
  }
  const pdf = m.pdf.find((p) => p.font === 'subset');
  if (pdf) {
    add('30-order Chinese PDF, warm median', '< 30 ms', pdf.medianMs, (v) => v < 30, `${pdf.medianMs} ms`);
    add('30-order Chinese PDF, size', '< 60 KB', pdf.kb, (v) => v < 60, `${pdf.kb} KB`);
  }
  return out;
}
