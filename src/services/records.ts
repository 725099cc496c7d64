// Every change leaves an audit event and, where someone must hear of it, an outbox row, in the same transaction.
import type { Db, Tx } from '../db/client.js';
import { auditEvents, outbox } from '../db/schema.js';
import type { Notice } from '../domain/notices.js';
import { type Actor, actorLabel, type State } from '../domain/types.js';

export type { Notice };

export interface Change {
  accountId: string;
  contractId: string | null;
  actor: Actor;
  action: string;
  from?: State | null;
  to?: State | null;
  detail?: Record<string, unknown>;
  /** Outbox rows to write with the audit event. */
  notices?: Notice[];
  at: Date;
}

export async function recordChange(tx: Tx, c: Change): Promise<void> {
  await tx.insert(auditEvents).values({
    accountId: c.accountId,
    contractId: c.contractId,
    actor: actorLabel(c.actor),
    action: c.action,
    fromStatus: c.from?.status ?? null,
    fromSubStatus: c.from?.subStatus ?? null,
    toStatus: c.to?.status ?? null,
    toSubStatus: c.to?.subStatus ?? null,
    detail: c.detail ?? {},
    at: c.at,
  });
  if (c.notices?.length) await writeNotices(tx, c.accountId, c.contractId, c.notices, c.at);
}

/** Outbox rows, typed: the only way a row gets in, so each carries a topic the dispatcher has a handler for. */
export async function writeNotices(db: Tx | Db, accountId: string, contractId: string | null, notices: Notice[], at: Date): Promise<void> {
  if (!notices.length) return;
  await db.insert(outbox).values(
    notices.map((n) => ({ accountId, contractId, topic: n.topic, payload: n.payload as unknown as Record<string, unknown>, createdAt: at, nextAttemptAt: at })),
  );
}
