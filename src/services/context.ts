// What every use case runs with, and the one way it runs: a transaction that commits whole or not at all.
import type { Db, Tx } from '../db/client.js';
import { pgError, type PgErrorInfo } from '../db/client.js';
import { type DomainError, domainError, type ErrorCode, type ParamsOf, type Result } from '../domain/errors.js';

export interface Ctx {
  db: Db;
  /** Time as the services see it: tests and the simulator's scaled clock set it. */
  clock: () => Date;
}

/** Thrown inside a transaction to roll it back and answer with a refusal. */
export class Refusal extends Error {
  constructor(readonly error: DomainError) {
    super(error.code);
  }
}

export function refuse<C extends ErrorCode>(code: C, params: ParamsOf<C> = {} as ParamsOf<C>): never {
  throw new Refusal(domainError(code, params));
}

export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Refusal(r.error);
  return r.value;
}

/** Turns a constraint violation into the refusal it stands for, or null when it is a bug. */
export type ConflictMapper = (info: PgErrorInfo) => Promise<DomainError | null>;

export async function inTransaction<T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>, onConflict?: ConflictMapper): Promise<Result<T>> {
  try {
    return { ok: true, value: await ctx.db.transaction(fn) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error };
    const info = pgError(e);
    if (info && onConflict && (info.code === '23505' || info.code === '23514')) {
      const mapped = await onConflict(info);
      if (mapped) return { ok: false, error: mapped };
    }
    throw e;
  }
}
