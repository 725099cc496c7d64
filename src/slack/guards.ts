// Checks Bolt's receiver leaves out: it refuses stale timestamps but accepts ones from the future, and it does not
// remember signatures, so a captured request could be replayed within five minutes. Both are refused here, first.
import type { IncomingMessage, ServerResponse } from 'node:http';

const WINDOW_S = 5 * 60;

export class ReplayGuard {
  /** Signature → the second after which its timestamp is refused anyway; kept in arrival order. */
  private seen = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Returns a reason to refuse, or null. Only headers are read, so the body stays for Bolt to verify. */
  check(req: IncomingMessage): string | null {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    const sig = String(req.headers['x-slack-signature'] ?? '');
    if (!Number.isInteger(ts) || !sig) return 'missing signature headers';
    const nowS = Math.floor(this.now() / 1000);
    if (Math.abs(nowS - ts) > WINDOW_S) return 'timestamp outside five minutes';
    this.forgetExpired(nowS);
    // The signature covers the timestamp, so the signature alone identifies the request.
    if (this.seen.has(sig)) return 'replayed request';
    this.seen.set(sig, ts + WINDOW_S);
    return null;
  }

  get size(): number {
    return this.seen.size;
  }

  // Arrival order is nearly timestamp order, so expired entries sit at the front: dropping them there costs O(1) per
  // request however busy the app is (a whole-map sweep cost O(n) per request once n passed 10,000). An entry with a
  // future timestamp can hold later ones back, for at most the ten minutes it stays valid.
  private forgetExpired(nowS: number): void {
    for (const [sig, until] of this.seen) {
      if (until >= nowS) return;
      this.seen.delete(sig);
    }
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
