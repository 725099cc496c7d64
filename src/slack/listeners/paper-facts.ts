// The customer's side of a paper copy: "I've mailed it" and "the vendor received it", submitted from the mailing info.
import { domainError } from '../../domain/errors.js';
import * as svc from '../../services/index.js';
import { refusalText, type SlackDeps } from '../context.js';
import { PAPER_BLOCK, PAPER_CB } from '../ids.js';
import { PaperFactMeta, parseMeta, STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { mailingView } from '../views/paper.js';
import { errors, onSubmit, readState, update, who } from './submission.js';

export function registerPaperFacts(router: ViewRouter, deps: SlackDeps): void {
  onSubmit(router, deps, PAPER_CB.fact, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    const m = parseMeta(PaperFactMeta, view.private_metadata);
    const failed = (text: string) => answer(errors(PAPER_BLOCK.tracking, text));
    if (!account || !actor || !m) return failed(refusalText(domainError('CONTRACT_NOT_FOUND'), l));
    const form = readState(STATE[PAPER_CB.fact], view, PAPER_BLOCK.tracking, l);
    if (!form.ok) return answer(form.answer);
    const r =
      m.next === 'mailed'
        ? await svc.paperMailed(deps.ctx, actor, m.contractId, form.value[PAPER_BLOCK.tracking], { expectedVersion: m.version })
        : await svc.paperReceived(deps.ctx, actor, m.contractId, { expectedVersion: m.version });
    // The "received" step has no input to hang an error on: the refusal replaces the view's facts instead.
    if (!r.ok && m.next === 'mailed') return failed(refusalText(r.error, l));
    const c = r.ok ? r.value : await svc.getContract(deps.ctx.db, account.id, m.contractId);
    const info = c ? await svc.mailingInfo(deps.ctx, actor, c.id) : null;
    if (!c || !info?.ok) return answer({ response_action: 'clear' });
    await answer(update(mailingView(l, c.number, info.value, { contractId: c.id, version: c.version, vendorAddress: account.vendorPaperAddress })));
    void deps.deliverNow(c.id);
  });
}
