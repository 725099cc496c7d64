// Checks Bolt's receiver leaves out: it refuses stale timestamps but accepts ones from the future, and it does not
// remember signatures, so a captured request could be replayed within five minutes. Both are refused here, first.
import type { IncomingMessage, ServerResponse } from 'node:http';

const WINDOW_S = 5 * 60;

export class ReplayGuard {
  private seen = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Returns a reason to refuse, or null. Only headers are read, so the body stays for Bolt to verify. */
  check(req: IncomingMessage): string | null {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    const sig = String(req.headers['x-slack-signature'] ?? '');
    if (!Number.isInteger(ts) || !sig) return 'missing signature headers';
    const nowS = Math.floor(this.now() / 1000);
    if (Math.abs(nowS - ts) > WINDOW_S) return 'timestamp outside five minutes';
    this.sweep(nowS);
    const key = `${ts}:${sig}`;
    if (this.seen.has(key)) return 'replayed request';
    this.seen.set(key, ts);
    return null;
  }

  private sweep(nowS: number): void {
    if (this.seen.size < 10_000) return;
    for (const [k, ts] of this.seen) if (nowS - ts > WINDOW_S) this.seen.delete(k);
  }
}

export function refuse(res: ServerResponse, reason: string): void {
  res.writeHead(401, { 'content-type': 'text/plain' });
  res.end(reason);
}
