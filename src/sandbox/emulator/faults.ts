// Faults Slack shows an app: outages, calls that fail, and answers lost after the work is done. They are planned by
// method, whichever workspace calls; membership refusals are each workspace's (membership.ts).
import type { ServerResponse } from 'node:http';
import type { Ledger } from './ledger.js';
import type { Json } from './types.js';
import { resolveChannel } from './workspace.js';

export class Faults {
  /** Fail the next calls of these methods with this error (tests of error paths). */
  readonly failures = new Map<string, { error: string; status?: number; retryAfter?: number; times: number }>();
  /** Until this time (ms since epoch) every Web API call fails with 503, as in a Slack outage. */
  outageUntil = 0;
  /**
   * The next calls of these methods do their work and then fail to say so: a 500 after saving, or no answer at all
   * (the caller times out), as when Slack's edge loses the response. A retry that does not look first posts twice.
   */
  readonly lostAnswers = new Map<string, { mode: '500' | 'hang'; times: number; channel?: string }>();
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly ledger: Ledger) {}

  inOutage(): boolean {
    return Date.now() < this.outageUntil;
  }

  /** The failure planned for this call, if any is left (each one counts down). */
  takeFailure(method: string): { error: string; status?: number; retryAfter?: number } | undefined {
    const failure = this.failures.get(method);
    if (!failure || failure.times <= 0) return undefined;
    failure.times -= 1;
    return failure;
  }

  /** True when the answer to this call is to be lost (the call's work is already done). */
  loseAnswer(method: string, a: Json, res: ServerResponse): boolean {
    const lost = this.lostAnswers.get(method);
    if (!lost || lost.times <= 0) return false;
    if (lost.channel && resolveChannel(String(a.channel ?? a.channel_id ?? '')) !== lost.channel) return false;
    lost.times -= 1;
    this.ledger.record(`lost:${method}`, {});
    if (lost.mode === 'hang') {
      this.hanging.add(res);
      return true;
    }
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
    return true;
  }

  /** The answers left hanging are cut when the emulator stops. */
  dropHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }
}
