// Checks Bolt's receiver leaves out: it refuses stale timestamps but accepts ones from the future, and it does not
// remember signatures, so a captured request could be replayed within five minutes. Both are refused here, first.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FingerprintSet } from './fingerprint-set.js';

const WINDOW_S = 5 * 60;
/** Slack's signature: `v0=` and the request's HMAC-SHA256 in hex. */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export class ReplayGuard {
  /**
   * Signatures seen, by the timestamp they came with: a replay carries the same timestamp (the signature covers it),
   * so one second's set is the only place to look, and a second whose timestamp has expired goes as a whole.
   * Each signature is kept as 64 of its bits, off the JS heap (fingerprint-set.ts says why).
   */
  private seen = new Map<number, FingerprintSet>();
  private sweptAt = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Returns a reason to refuse, or null. Only headers are read, so the body stays for Bolt to verify. */
  check(req: IncomingMessage): string | null {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    const sig = String(req.headers['x-slack-signature'] ?? '');
    if (!Number.isInteger(ts) || !sig) return 'missing signature headers';
    // Bolt would refuse it too; refused here so that only real HMACs are remembered.
    if (!SIGNATURE.test(sig)) return 'malformed signature';
    const nowS = Math.floor(this.now() / 1000);
    if (Math.abs(nowS - ts) > WINDOW_S) return 'timestamp outside five minutes';
    this.forgetExpired(nowS);
    let second = this.seen.get(ts);
    if (!second) this.seen.set(ts, (second = new FingerprintSet()));
    // 64 bits of an HMAC: a fresh request matches one of the n others of its second with a chance of n / 2^64.
    if (!second.add(Number.parseInt(sig.slice(3, 11), 16), Number.parseInt(sig.slice(11, 19), 16))) return 'replayed request';
    return null;
  }

  /** Signatures remembered. */
  get size(): number {
    let n = 0;
    for (const second of this.seen.values()) n += second.size;
    return n;
  }

  // Once a second at most: a pass over at most 601 timestamps (five minutes either side of now).
  private forgetExpired(nowS: number): void {
    if (nowS === this.sweptAt) return;
    this.sweptAt = nowS;
    for (const ts of this.seen.keys()) if (ts < nowS - WINDOW_S) this.seen.delete(ts);
  }
}

export function refuse(res: ServerResponse, reason: string): void {
  res.writeHead(401, { 'content-type': 'text/plain' });
  res.end(reason);
}

export function busy(res: ServerResponse): void {
  res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
  res.end('busy');
}
