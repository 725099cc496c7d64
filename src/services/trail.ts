// Every change leaves an audit event and, where someone must hear of it, an outbox row, in the same transaction.
import type { Db, Tx } from '../db/client.js';
import { auditEvents, documentsDue, outbox } from '../db/schema.js';
import { documentAvailable } from '../domain/documents.js';
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

export function recordChange(tx: Tx, c: Change): Promise<void> {
  return recordChanges(tx, [c]);
}

/** Many changes in two statements whatever their number: the poller applies a batch of e-sign outcomes this way. */
export async function recordChanges(tx: Tx, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  await tx.insert(auditEvents).values(
    changes.map((c) => ({
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
    })),
  );
  const rows = changes.flatMap((c) => (c.notices ?? []).map((n) => outboxRow(c.accountId, c.contractId, n, c.at)));
  if (rows.length) await tx.insert(outbox).values(rows);
  // A change that makes the contract effective leaves its formal document due, committed with the change; the
  // documents job issues it right after (services/documents.ts). A draft is fixed to its moment too, but rendered
  // when first asked for: half the PDFs, most of them never opened.
  const due = changes.flatMap((c) =>
    c.contractId && c.to && becomesFormal(c.from ?? null, c.to) ? [{ contractId: c.contractId, kind: 'formal', dueAt: c.at }] : [],
  );
  if (due.length) await tx.insert(documentsDue).values(due).onConflictDoNothing();
}

const becomesFormal = (from: State | null, to: State): boolean => documentAvailable(to, 'formal') && !(from && documentAvailable(from, 'formal'));

const outboxRow = (accountId: string, contractId: string | null, n: Notice, at: Date) => ({
  accountId,
  contractId,
  topic: n.topic,
  payload: n.payload as unknown as Record<string, unknown>,
  createdAt: at,
  nextAttemptAt: at,
});

/** Outbox rows, typed: the only way a row gets in, so each carries a topic the dispatcher has a handler for. */
export async function writeNotices(db: Tx | Db, accountId: string, contractId: string | null, notices: Notice[], at: Date): Promise<void> {
  if (!notices.length) return;
  await db.insert(outbox).values(notices.map((n) => outboxRow(accountId, contractId, n, at)));
}
