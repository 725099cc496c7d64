// What an operator's Prometheus scrapes at /metrics (prom-client): Slack's Web API calls and 429s per method, from the
// gate's observer, and the outbox as the database holds it at the scrape (backlog, age of the oldest undelivered row,
// rows parked). Its own registry, so two app instances in one process (the tests' replicas) do not collide.
import { Counter, Gauge, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import type { GateObserver } from '../slack/gate.js';
import { outboxHealth } from './health.js';

export class Metrics implements GateObserver {
  readonly registry = new Registry();
  private readonly calls = new Counter({
    name: 'contract_desk_slack_calls_total',
    help: "Slack Web API calls sent, by method, caller (people or background) and Slack's HTTP status",
    labelNames: ['method', 'caller', 'status'] as const,
    registers: [this.registry],
  });
  private readonly ratelimited = new Counter({
    name: 'contract_desk_slack_ratelimited_total',
    help: 'Slack Web API calls Slack answered 429 (each sent again after Retry-After), by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });
  private readonly waited = new Counter({
    name: 'contract_desk_slack_wait_seconds_total',
    help: "Time calls waited for Slack's budget (or a Retry-After pause) before each attempt was sent, by method and caller",
    labelNames: ['method', 'caller'] as const,
    registers: [this.registry],
  });
  private readonly pending = new Gauge({
    name: 'contract_desk_outbox_pending',
    help: 'Notifications not yet delivered nor parked (held ones included)',
    registers: [this.registry],
  });
  private readonly held = new Gauge({
    name: 'contract_desk_outbox_held',
    help: 'Notifications held until a person fixes what Slack refused (see docs/operations.md)',
    registers: [this.registry],
  });
  private readonly oldest = new Gauge({
    name: 'contract_desk_outbox_oldest_undelivered_seconds',
    help: 'Age of the oldest notification waiting to go, held ones aside (0 when none waits)',
    registers: [this.registry],
  });
  private readonly parked = new Gauge({
    name: 'contract_desk_outbox_parked',
    help: 'Notifications parked after real failures (see docs/operations.md)',
    registers: [this.registry],
  });

  call(e: { method: string; caller: string; status: number; waitedMs: number }): void {
    this.calls.inc({ method: e.method, caller: e.caller, status: String(e.status) });
    if (e.status === 429) this.ratelimited.inc({ method: e.method });
    this.waited.inc({ method: e.method, caller: e.caller }, e.waitedMs / 1000);
  }

  /** The outbox gauges are read at each scrape; should the database not answer, the Slack counters still go out. */
  async render(database: Database, onError: (e: unknown) => void): Promise<{ body: string; contentType: string }> {
    try {
      const o = await outboxHealth(database);
      this.pending.set(o.pending);
      this.held.set(o.held);
      this.oldest.set(o.oldestPendingSeconds);
      this.parked.set(o.parked);
    } catch (e) {
      onError(e);
      for (const g of [this.pending, this.held, this.oldest, this.parked]) g.reset();
    }
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
