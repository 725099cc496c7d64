// An approver's decision (ours: docs/domain.md, awaiting_approval): Approve, or Reject with a reason that goes back to
// the requester with the contract.
import { parseInput, RejectReason } from '../../domain/inputs.js';
import * as svc from '../../services/index.js';
import { refusalText, type SlackDeps } from '../context.js';
import { t } from '../i18n.js';
import { ACTION, BLOCK, CB } from '../ids.js';
import { ContractMeta, parseMeta, STATE } from '../payloads.js';
import type { ActionRouter, ViewRouter } from '../routes.js';
import { rejectView } from '../views/approvals.js';
import { clickContext } from './clicks.js';
import { errors, fieldErrors, onSubmit, readState, who } from './submission.js';

export function registerApprovals(router: ActionRouter & ViewRouter, deps: SlackDeps): void {
  const ctx = deps.ctx;

  router.action(ACTION.approve, async ({ ack, body, client, respond }) => {
    await ack();
    const { account, l, ref, tell, actor } = await clickContext(deps, body, client, respond);
    if (!account || !actor || !ref) return;
    const r = await svc.approve(ctx, actor, ref.id, { expectedVersion: ref.version });
    if (!r.ok)
      return tell(r.error.code === 'ACTION_NOT_ALLOWED' || r.error.code === 'STALE_VERSION' ? `⚠️ ${t('decidedElsewhere', l)}` : refusalText(r.error, l));
    // The approvers' copies show the outcome as soon as the outbox gets to this contract, without holding the click: a
    // click on another copy meanwhile is refused by the contract's version (decided elsewhere).
    void deps.deliverNow(ref.id);
  });

  router.action(ACTION.reject, async ({ ack, body, client, respond }) => {
    await ack();
    const b = body;
    const { account, l, ref, channel, tell, open, actor } = await clickContext(deps, b, client, respond);
    if (!account || !actor || !ref) return;
    const c = await svc.getContract(ctx.db, account.id, ref.id);
    if (!c || c.version !== ref.version || c.subStatus !== 'awaiting_approval') return tell(`⚠️ ${t('decidedElsewhere', l)}`);
    await open(rejectView(l, c, b.message && channel ? { channel, ts: b.message.ts } : null));
  });

  onSubmit(router, deps, CB.reject, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    const m = parseMeta(ContractMeta, view.private_metadata);
    if (!account || !actor || !m) return answer();
    const form = readState(STATE[CB.reject], view, BLOCK.reason, l);
    if (!form.ok) return answer(form.answer);
    const input = parseInput(RejectReason, { reason: form.value.reason });
    if (!input.ok) return answer(fieldErrors(input.errors, { reason: BLOCK.reason }, l));
    const r = await svc.reject(deps.ctx, actor, m.contractId, input.value.reason, { expectedVersion: m.version });
    if (!r.ok) return answer(errors(BLOCK.reason, r.error.message[l]));
    await answer({ response_action: 'clear' });
    void deps.deliverNow(m.contractId);
  });
}
