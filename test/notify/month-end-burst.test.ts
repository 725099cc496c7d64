// Issue 25's acceptance: a month-end batch of 30 vendor-sealed order contracts, converted within 6 s and sealed by the
// e-sign service within 9 s, against an emulator that enforces Slack's rate limits. Every thread ends complete, each
// post once and in order, no row parked, and Slack answered 429 to at most 2% of the calls: the gate paces the app
// instead of letting Slack refuse it. Then the same with Slack down for 60 s in the middle of the burst (the same
// outside the Slack Marketplace: month-end-non-marketplace.test.ts).
//
// The limits run at RATE_SCALE times Slack's rate, in the emulator and the app's gate alike (one figure for both), so
// that the sixty-odd posts into one channel take seconds rather than a minute; the outage lasts 60 real seconds.
import { describe, expect, it } from 'vitest';
import { CONTRACTS, expectEveryThreadComplete, monthEnd } from '../helpers/month-end.js';
import { useSlackApp } from '../helpers/slack.js';

const RATE_SCALE = 3;
const s = useSlackApp({ rateScale: RATE_SCALE });

describe("a month-end burst under Slack's rate limits", () => {
  it('30 contracts converted and sealed together: every thread complete, each post once and in order, none parked, 429s at most 2%', async () => {
    const r = await monthEnd(s);
    expectEveryThreadComplete(s, r);
    // The budget is spent on what people read: one root edit per contract at most per delivery run, no look-ups.
    const edits = r.calls.filter((c) => c.method === 'chat.update').length;
    expect(edits).toBeLessThanOrEqual(2 * CONTRACTS);
    expect(r.calls.filter((c) => /conversations\.(history|replies)$/.test(c.method))).toEqual([]);
  }, 300_000);

  it('Slack down for 60 s in the middle of the burst: when it is back every thread is completed, nothing twice, none parked', async () => {
    const r = await monthEnd(s, { outageMs: 60_000 });
    expect(r.calls.some((c) => c.method.startsWith('outage:'))).toBe(true);
    expectEveryThreadComplete(s, r);
    // What Slack may have posted before the outage cut its answer was looked for, not posted again.
    expect(r.rows.some((x) => x.outcomeUnknown)).toBe(true);
  }, 400_000);
});
