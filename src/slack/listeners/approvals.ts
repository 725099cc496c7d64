// An approver's rejection (ours: docs/domain.md, awaiting_approval): the reason goes back to the requester with the contract.
import { parseInput, RejectReason } from '../../domain/inputs.js';
import * as svc from '../../services/index.js';
import type { SlackDeps } from '../context.js';
import { ContractMeta, parseMeta, STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { errors, fieldErrors, onSubmit, readState, who } from './submission.js';
import { BLOCK, CB } from '../ids.js';

export function registerApprovals(router: ViewRouter, deps: SlackDeps): void {
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
