// A token bucket: `capacity` calls at once, refilled at `perMinute`. Pure: the caller passes the time (ms), so the
// emulator (which refuses) and the gate (which waits) count the same way.
import type { Budget } from './rate-limits.js';

export class TokenBucket {
  private tokens: number;
  private at: number | null = null;
  readonly capacity: number;
  private readonly perMs: number;

  constructor(budget: Budget) {
    this.capacity = Math.max(1, budget.burst);
    this.perMs = budget.perMinute / 60_000;
    this.tokens = this.capacity;
  }

  private refill(now: number): void {
    if (this.at !== null && now > this.at) this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    if (this.at === null || now > this.at) this.at = now;
  }

  /** Tokens there now (fractional while refilling). */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** How long until `needed` tokens are there (0: now). */
  waitFor(now: number, needed = 1): number {
    const level = this.level(now);
    return level >= needed ? 0 : Math.ceil((needed - level) / this.perMs);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  /** Slack said we are over: nothing left until it refills. */
  empty(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.tokens, 0);
  }
}
