// Many rows into one table inside a drizzle transaction, through COPY … FROM STDIN: PostgreSQL inserts them in batches
// (one WAL record per page of heap rather than one per row) and parses plain text instead of five 100,000-element
// arrays. COPY needs the transaction's own connection. drizzle's transaction gives no public way to it, but on
// postgres.js it runs on the TransactionSql that `begin` handed it, kept as `session.client`: test/db/copy.test.ts
// fails if a drizzle upgrade moves it.
import type { TransactionSql } from 'postgres';
import type { Tx } from './client.js';

export type CopyValue = string | number | null;

function connectionOf(tx: Tx): TransactionSql {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as TransactionSql | undefined;
  if (typeof client !== 'function' || typeof client.unsafe !== 'function' || typeof client.savepoint !== 'function')
    throw new Error('copyRows: this drizzle transaction does not keep its postgres.js connection at session.client');
  return client;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: null is \N; backslash, tab and line breaks escaped. */
export function copyText(v: CopyValue): string {
  if (v === null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Writes `rows` (each in `columns`' order) into `table`. Rejects, and leaves the transaction aborted, when PostgreSQL
 * refuses a row. postgres.js 3.4.9 never settles COPY's stream when the refusal comes after the last row was sent
 * (porsager/postgres#1173, still open), so the outcome is read from a statement queued behind the COPY: it runs once
 * the COPY is over, and fails if the COPY did (the transaction is aborted).
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>, batch = 2000): Promise<number> {
  const sql = connectionOf(tx);
  const target = await sql.unsafe(`copy ${ident(table)} (${columns.map(ident).join(', ')}) from stdin`).writable();
  // Refused mid-way, the stream is destroyed with the server's error: keep it for the caller.
  let refused: Error | null = null;
  target.on('error', (e: Error) => (refused ??= e));
  // Each write settles once its bytes reach the socket; at most two batches are ever in flight.
  const write = (chunk: string) => new Promise<void>((resolve, reject) => void target.write(chunk, (e) => (e ? reject(e) : resolve())));
  let lines: string[] = [];
  let count = 0;
  let pending: Promise<void> = Promise.resolve();
  for (const row of rows) {
    lines.push(row.map(copyText).join('\t'));
    count += 1;
    if (lines.length < batch) continue;
    // One batch on the wire while the next is built: wait for the previous one, not this one.
    await pending;
    if (refused) throw refused;
    pending = write(`${lines.join('\n')}\n`);
    lines = [];
  }
  if (lines.length) {
    await pending;
    pending = write(`${lines.join('\n')}\n`);
  }
  await pending.catch((e: unknown) => {
    throw refused ?? e;
  });
  if (refused) throw refused;
  // Every write has reached the socket, so end() sends CopyDone now and the statement below goes out after it.
  target.end();
  try {
    await sql`select 1`;
  } catch (e) {
    throw refused ?? new Error(`COPY into ${table} was refused by PostgreSQL (the transaction is aborted)`, { cause: e });
  }
  return count;
}
