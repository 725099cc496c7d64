// The replay guard in front of Bolt: a signature is accepted once while its timestamp is valid, and what it
// remembers is dropped as timestamps expire, so a busy app neither refuses fresh requests nor grows without bound.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../src/slack/fingerprint-set.js';
import { ReplayGuard } from '../../src/slack/guards.js';

const req = (ts: number, sig: string) => ({ headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } }) as unknown as IncomingMessage;
/** A signature as Slack writes one: `v0=` and 64 hex digits (here a SHA-256 of the name, as unpredictable). */
const sig = (name: string | number) => `v0=${createHash('sha256').update(String(name)).digest('hex')}`;

describe('replay guard', () => {
  it('accepts a signature once, refuses it again while its timestamp is valid, and refuses stale or future timestamps', () => {
    let now = 1_000_000_000;
    const g = new ReplayGuard(() => now * 1000);
    expect(g.check(req(now, sig('a')))).toBeNull();
    now += 299;
    expect(g.check(req(now - 299, sig('a')))).toBe('replayed request');
    expect(g.check(req(now - 301, sig('b')))).toBe('timestamp outside five minutes');
    expect(g.check(req(now + 301, sig('c')))).toBe('timestamp outside five minutes');
    expect(g.check(req(now, ''))).toBe('missing signature headers');
  });

  it('refuses a signature that is not an HMAC in hex, as Bolt would', () => {
    const now = 1_000_000_000;
    const g = new ReplayGuard(() => now * 1000);
    for (const bad of ['v0=abc', `v1=${sig('a').slice(3)}`, `${sig('a')}0`, sig('a').toUpperCase()]) expect(g.check(req(now, bad))).toBe('malformed signature');
    expect(g.size).toBe(0);
  });

  it('tells signatures apart by more than the bits its table is indexed by', () => {
    const now = 1_000_000_000;
    const g = new ReplayGuard(() => now * 1000);
    // Same first 16 hex digits (the bits kept), different rest: the same request as far as the guard can tell.
    const a = `v0=0123456789abcdef${'0'.repeat(48)}`;
    expect(g.check(req(now, a))).toBeNull();
    expect(g.check(req(now, `v0=0123456789abcdef${'1'.repeat(48)}`))).toBe('replayed request');
    // Differing in the last of the kept digits, or only in the high ones, is a different request.
    expect(g.check(req(now, `v0=0123456789abcdee${'0'.repeat(48)}`))).toBeNull();
    expect(g.check(req(now, `v0=1123456789abcdef${'0'.repeat(48)}`))).toBeNull();
    // The same signature with another timestamp is another request (Bolt refuses it: the signature covers the timestamp).
    expect(g.check(req(now - 1, a))).toBeNull();
  });

  it('forgets signatures whose timestamps expired, so memory follows the last five minutes of traffic', () => {
    let now = 1_000_000_000;
    const g = new ReplayGuard(() => now * 1000);
    let midway = 0;
    for (let i = 0; i < 20_000; i++) {
      if (i % 100 === 0) now += 1; // 100 requests a second for 200 s
      if (i === 10_000) midway = now;
      expect(g.check(req(now, sig(i)))).toBeNull();
    }
    expect(g.size).toBe(20_000); // all still replayable
    expect(g.check(req(midway, sig(10_000)))).toBe('replayed request');
    now += 301;
    expect(g.check(req(now, sig('late')))).toBeNull();
    expect(g.size).toBeLessThanOrEqual(100); // the rest expired and went
    // A request with a future timestamp is remembered until that timestamp expires, even as older ones go.
    const future = now + 200;
    expect(g.check(req(future, sig('future')))).toBeNull();
    now += 400;
    expect(g.check(req(now, sig('later')))).toBeNull();
    expect(g.check(req(future, sig('future')))).toBe('replayed request');
  });
});

describe('fingerprint set', () => {
  it('holds many fingerprints through its growth, each once, the all-zero one included', () => {
    const s = new FingerprintSet(4);
    // Low words that collide in a small table (multiples of 1024), so probing and growth are both exercised.
    for (let i = 1; i <= 5_000; i++) expect(s.add(i, i * 1024)).toBe(true);
    expect(s.add(0, 0)).toBe(true);
    expect(s.size).toBe(5_001);
    for (let i = 1; i <= 5_000; i++) expect(s.add(i, i * 1024)).toBe(false);
    expect(s.add(0, 0)).toBe(false);
    expect(s.add(4_999, 1024)).toBe(true); // the low word of (1, 1024), another high one
    expect(s.size).toBe(5_002);
  });
});
