// The replay guard in front of Bolt: a signature is accepted once while its timestamp is valid, and what it
// remembers is dropped as timestamps expire, so a busy app neither refuses fresh requests nor grows without bound.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../src/slack/guards.js';

const req = (ts: number, sig: string) => ({ headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } }) as unknown as IncomingMessage;

describe('replay guard', () => {
  it('accepts a signature once, refuses it again while its timestamp is valid, and refuses stale or future timestamps', () => {
    let now = 1_000_000_000;
    const g = new ReplayGuard(() => now * 1000);
    expect(g.check(req(now, 'v0=a'))).toBeNull();
    now += 299;
    expect(g.check(req(now - 299, 'v0=a'))).toBe('replayed request');
    expect(g.check(req(now - 301, 'v0=b'))).toBe('timestamp outside five minutes');
    expect(g.check(req(now + 301, 'v0=c'))).toBe('timestamp outside five minutes');
    expect(g.check(req(now, ''))).toBe('missing signature headers');
  });

  it('forgets signatures whose timestamps expired, so memory follows the last five minutes of traffic', () => {
    let now = 1_000_000_000;
    const g = new ReplayGuard(() => now * 1000);
    for (let i = 0; i < 20_000; i++) {
      if (i % 100 === 0) now += 1; // 100 requests a second for 200 s
      expect(g.check(req(now, `v0=${i}`))).toBeNull();
    }
    expect(g.size).toBe(20_000); // all still replayable
    now += 301;
    expect(g.check(req(now, 'v0=late'))).toBeNull();
    expect(g.size).toBeLessThanOrEqual(100); // the rest expired and went
    // A request with a future timestamp is remembered until that timestamp expires, even as older ones go.
    const future = now + 200;
    expect(g.check(req(future, 'v0=future'))).toBeNull();
    now += 400;
    expect(g.check(req(now, 'v0=later'))).toBeNull();
    expect(g.check(req(future, 'v0=future'))).toBe('replayed request');
  });
});
