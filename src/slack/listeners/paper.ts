// A paper copy (R14): the return address, required and immutable once submitted.
import { parseInput, ReturnAddressForm } from '../../domain/inputs.js';
import * as svc from '../../services/index.js';
import type { SlackDeps } from '../context.js';
import { BLOCK, CB } from '../ids.js';
import { ContractMeta, parseMeta, STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { errors, fieldErrors, onSubmit, readState, who } from './submission.js';

export function registerPaper(router: ViewRouter, deps: SlackDeps): void {
  onSubmit(router, deps, CB.paper, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    const m = parseMeta(ContractMeta, view.private_metadata);
    if (!account || !actor || !m) return answer();
    const form = readState(STATE[CB.paper], view, BLOCK.recipient, l);
    if (!form.ok) return answer(form.answer);
    const v = form.value;
    const input = parseInput(ReturnAddressForm, { recipient: v.recipient, phone: v.phone, address: v.return_address });
    if (!input.ok) return answer(fieldErrors(input.errors, { recipient: BLOCK.recipient, phone: BLOCK.phone, address: BLOCK.returnAddress }, l));
    const r = await svc.requestPaper(deps.ctx, actor, m.contractId, input.value, { expectedVersion: m.version });
    if (!r.ok) return answer(errors(BLOCK.recipient, r.error.message[l]));
    await answer({ response_action: 'clear' });
    // The outbox posts the change and republishes the requester's Home with it (one publish, not two).
    void deps.deliverNow(m.contractId);
  });
}
