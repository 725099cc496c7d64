// A simulated e-sign service with its state in its own table and durations from the seeds, scaled by TIME_SCALE.
// It can be told to fail, so the failure paths run in tests and demos.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { esignFlows, smsMessages } from '../db/schema.js';
import { type EsignService, type FlowKind, type FlowRequest, FLOWS_PER_CALL, type FlowStatus } from './types.js';

const MIN = 60_000;
/** Seeds: draft ~3 min; vendor seal ~15 min on the vendor channel, 5-10 min after the customer signed; cancel is quick. */
export const DURATIONS: Record<Exclude<FlowKind, 'customer'>, { vendor_seal: [number, number]; dual_seal: [number, number] }> = {
  draft: { vendor_seal: [2.5 * MIN, 3.5 * MIN], dual_seal: [2.5 * MIN, 3.5 * MIN] },
  vendor: { vendor_seal: [10 * MIN, 20 * MIN], dual_seal: [5 * MIN, 10 * MIN] },
  cancel: { vendor_seal: [5_000, 20_000], dual_seal: [5_000, 20_000] },
};

export interface SimulatorOptions {
  db: Db;
  clock: () => Date;
  /** 60 makes a 15-minute seal take 15 seconds. */
  timeScale?: number;
  /** 0..1 of the duration range; tests use 0 for exact timings. Defaults to random. */
  jitter?: () => number;
}

type Fault = { mode: 'error'; message: string } | { mode: 'delay'; ms: number } | { mode: 'sms_undelivered' };

export class EsignSimulator implements EsignService {
  private faults = new Map<FlowKind, Fault[]>();

  constructor(private readonly o: SimulatorOptions) {}

  /** The next flow of this kind fails, is delayed, or (customer) its SMS does not arrive. */
  inject(kind: FlowKind, fault: Fault): void {
    this.faults.set(kind, [...(this.faults.get(kind) ?? []), fault]);
  }

  private takeFault(kind: FlowKind): Fault | undefined {
    const list = this.faults.get(kind);
    return list?.shift();
  }

  private duration(kind: FlowKind, channel: 'vendor_seal' | 'dual_seal'): number | null {
    if (kind === 'customer') return null; // done when the signer signs
    const [lo, hi] = DURATIONS[kind][channel];
    const j = this.o.jitter ? this.o.jitter() : Math.random();
    return (lo + (hi - lo) * j) / (this.o.timeScale ?? 1);
  }

  private view(row: typeof esignFlows.$inferSelect | undefined): FlowStatus | null {
    if (!row) return null;
    const now = this.o.clock();
    const due = row.dueAt && row.dueAt.getTime() <= now.getTime();
    const state = row.state === 'running' && row.kind !== 'customer' && due ? 'done' : (row.state as FlowStatus['state']);
    return { state, error: row.error, smsDelivered: row.smsDelivered, smsCount: row.smsCount, smsLastAt: row.smsLastAt, startedAt: row.startedAt };
  }

  private async row(contractId: string, kind: FlowKind) {
    const [r] = await this.o.db
      .select()
      .from(esignFlows)
      .where(and(eq(esignFlows.contractId, contractId), eq(esignFlows.kind, kind)));
    return r;
  }

  async start(contractId: string, kind: FlowKind, opts: { phone?: string; channel?: 'vendor_seal' | 'dual_seal' } = {}): Promise<FlowStatus> {
    const existing = await this.row(contractId, kind);
    if (existing) return this.view(existing)!;
    await this.o.db
      .insert(esignFlows)
      .values(this.newFlow({ contractId, kind, ...opts }))
      .onConflictDoNothing();
    return this.view(await this.row(contractId, kind))!;
  }

  /** Two statements for the whole batch: start the flows that do not exist yet, then read them all. */
  async startMany(requests: FlowRequest[]): Promise<Map<string, FlowStatus>> {
    if (requests.length > FLOWS_PER_CALL) throw new Error(`at most ${FLOWS_PER_CALL} flows per call`);
    const out = new Map<string, FlowStatus>();
    if (!requests.length) return out;
    const ids = requests.map((r) => r.contractId);
    const key = (contractId: string, kind: string) => `${contractId}/${kind}`;
    const wanted = new Set(requests.map((r) => key(r.contractId, r.kind)));
    const read = async () =>
      (await this.o.db.select().from(esignFlows).where(inArray(esignFlows.contractId, ids))).filter((r) => wanted.has(key(r.contractId, r.kind)));
    let rows = await read();
    const have = new Set(rows.map((r) => key(r.contractId, r.kind)));
    const missing = requests.filter((r) => !have.has(key(r.contractId, r.kind)));
    if (missing.length) {
      await this.o.db
        .insert(esignFlows)
        .values(missing.map((r) => this.newFlow(r)))
        .onConflictDoNothing();
      rows = await read();
    }
    for (const r of rows) out.set(r.contractId, this.view(r)!);
    return out;
  }

  private newFlow(r: FlowRequest): typeof esignFlows.$inferInsert {
    const now = this.o.clock();
    const fault = this.takeFault(r.kind);
    let ms = this.duration(r.kind, r.channel ?? 'vendor_seal');
    if (ms !== null && fault?.mode === 'delay') ms += fault.ms;
    return {
      contractId: r.contractId,
      kind: r.kind,
      startedAt: now,
      dueAt: ms === null ? null : new Date(now.getTime() + ms),
      state: fault?.mode === 'error' ? 'failed' : 'running',
      error: fault?.mode === 'error' ? fault.message : fault?.mode === 'sms_undelivered' ? 'SMS not delivered' : null,
      phone: r.phone ?? null,
      smsCount: r.kind === 'customer' ? 1 : 0,
      smsLastAt: r.kind === 'customer' ? now : null,
      smsDelivered: fault?.mode !== 'sms_undelivered',
    };
  }

  async status(contractId: string, kind: FlowKind): Promise<FlowStatus | null> {
    return this.view(await this.row(contractId, kind));
  }

  async sign(contractId: string, signer: string): Promise<FlowStatus | null> {
    await this.o.db
      .update(esignFlows)
      .set({ state: 'done', signedAt: this.o.clock(), signedBy: signer })
      .where(and(eq(esignFlows.contractId, contractId), eq(esignFlows.kind, 'customer'), eq(esignFlows.state, 'running')));
    return this.status(contractId, 'customer');
  }

  async resend(contractId: string): Promise<FlowStatus | null> {
    const fault = this.takeFault('customer');
    await this.o.db
      .update(esignFlows)
      .set({
        smsCount: sql`${esignFlows.smsCount} + 1`,
        smsLastAt: this.o.clock(),
        smsDelivered: fault?.mode !== 'sms_undelivered',
        error: fault?.mode === 'sms_undelivered' ? 'SMS not delivered' : null,
      })
      .where(and(eq(esignFlows.contractId, contractId), eq(esignFlows.kind, 'customer')));
    return this.status(contractId, 'customer');
  }

  async retry(contractId: string, kind: FlowKind): Promise<FlowStatus | null> {
    const row = await this.row(contractId, kind);
    if (!row || row.state !== 'failed') return this.view(row);
    const now = this.o.clock();
    const fault = this.takeFault(kind);
    const ms = this.duration(kind, 'vendor_seal');
    await this.o.db
      .update(esignFlows)
      .set({
        state: fault?.mode === 'error' ? 'failed' : 'running',
        error: fault?.mode === 'error' ? fault.message : null,
        startedAt: now,
        dueAt: ms === null ? null : new Date(now.getTime() + ms),
        attempts: row.attempts + 1,
      })
      .where(eq(esignFlows.id, row.id));
    return this.status(contractId, kind);
  }

  /** The phone network: an SMS to the signer (the signing link, a one-time code), kept so tests and the sandbox read it. */
  async sendSms(m: { contractId: string | null; phone: string; text: string; dedupeKey?: string }): Promise<void> {
    await this.o.db
      .insert(smsMessages)
      .values({ contractId: m.contractId, phone: m.phone, text: m.text, dedupeKey: m.dedupeKey ?? null, sentAt: this.o.clock() })
      .onConflictDoNothing();
  }

  /** Every SMS a phone received, oldest first. */
  async smsTo(phone: string): Promise<{ text: string; sentAt: Date; contractId: string | null }[]> {
    return this.o.db
      .select({ text: smsMessages.text, sentAt: smsMessages.sentAt, contractId: smsMessages.contractId })
      .from(smsMessages)
      .where(eq(smsMessages.phone, phone))
      .orderBy(asc(smsMessages.id));
  }
}
