// The customer's side of a paper copy: "I've mailed it" and "the vendor received it", submitted from the mailing info.
import { domainError } from '../../domain/errors.js';
import * as svc from '../../services/index.js';
import { accountAndLocale, refusalText, type SlackDeps, userActor } from '../context.js';
import type { ViewRouter } from '../routes.js';
import { mailingView } from '../views/paper.js';
import { PAPER_BLOCK, PAPER_CB } from '../ids.js';

interface FactMeta {
  contractId: string;
  version: number;
  next: 'mailed' | 'received';
}
const isFactMeta = (m: unknown): m is FactMeta => {
  const r = m as Partial<FactMeta> | null;
  return !!r && typeof r.contractId === 'string' && Number.isInteger(r.version) && (r.next === 'mailed' || r.next === 'received');
};

export function registerPaperFacts(app: ViewRouter, deps: SlackDeps): void {
  app.view(PAPER_CB.fact, async ({ ack, body, view, client }) => {
    const { account, l } = await accountAndLocale(deps, client, body);
    let m: unknown = null;
    try {
      m = JSON.parse(view.private_metadata || 'null');
    } catch {
      m = null;
    }
    const failed = (text: string) => ack({ response_action: 'errors', errors: { [PAPER_BLOCK.tracking]: text } });
    if (!account || !isFactMeta(m)) return failed(refusalText(domainError('CONTRACT_NOT_FOUND'), l));
    const actor = userActor(account, body.user.id);
    const tracking = view.state.values[PAPER_BLOCK.tracking]?.[PAPER_BLOCK.tracking]?.value ?? null;
    const r =
      m.next === 'mailed'
        ? await svc.paperMailed(deps.ctx, actor, m.contractId, tracking, { expectedVersion: m.version })
        : await svc.paperReceived(deps.ctx, actor, m.contractId, { expectedVersion: m.version });
    // The "received" step has no input to hang an error on: the refusal replaces the view's facts instead.
    if (!r.ok && m.next === 'mailed') return failed(refusalText(r.error, l));
    const c = r.ok ? r.value : await svc.getContract(deps.ctx.db, account.id, m.contractId);
    const info = c ? await svc.mailingInfo(deps.ctx, actor, c.id) : null;
    if (!c || !info?.ok) return ack({ response_action: 'clear' });
    await ack({
      response_action: 'update',
      view: mailingView(l, c.number, info.value, { contractId: c.id, version: c.version, vendorAddress: account.vendorPaperAddress }) as never,
    });
    void deps.deliverNow(c.id);
  });
}
