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
    help: "Time calls spent waiting for Slack's budget (and any Retry-After) before their answer, by method and caller",
    labelNames: ['method', 'caller'] as const,
    registers: [this.registry],
  });
  private readonly backlog = new Gauge({
    name: 'contract_desk_outbox_backlog',
    help: 'Notifications not yet delivered (neither delivered nor parked)',
    registers: [this.registry],
  });
  private readonly oldest = new Gauge({
    name: 'contract_desk_outbox_oldest_undelivered_seconds',
    help: 'Age of the oldest notification not yet delivered (0 when none waits)',
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

  async render(database: Database): Promise<{ body: string; contentType: string }> {
    const o = await outboxHealth(database);
    this.backlog.set(o.pending);
    this.oldest.set(o.oldestPendingSeconds);
    this.parked.set(o.parked);
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
