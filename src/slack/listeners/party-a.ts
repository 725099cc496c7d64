// The admin's Party A profile (R4): the same form and the same schema as the wizard's Party A step.
import { parseInput, PartyADetails } from '../../domain/inputs.js';
import * as svc from '../../services/index.js';
import type { SlackDeps } from '../context.js';
import { t } from '../i18n.js';
import { BLOCK, CB } from '../ids.js';
import { STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { doneView } from '../views/wizard.js';
import { errors, fieldErrors, onSubmit, readState, update, who } from './submission.js';
import { PARTY_A_BLOCKS, refusedField } from './wizard.js';

export function registerPartyA(router: ViewRouter, deps: SlackDeps): void {
  onSubmit(router, deps, CB.profile, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer();
    const form = readState(STATE[CB.profile], view, BLOCK.address, l);
    if (!form.ok) return answer(form.answer);
    const v = form.value;
    const details = parseInput(PartyADetails, { address: v.address, contactName: v.contact_name, phone: v.phone, email: v.email });
    if (!details.ok) return answer(fieldErrors(details.errors, PARTY_A_BLOCKS, l));
    const r = await svc.updatePartyAProfile(deps.ctx, actor, account.id, details.value);
    if (!r.ok) return answer(errors(refusedField(r.error) ?? BLOCK.address, r.error.message[l]));
    await answer(update(doneView(l, t('profileSaved', l))));
  });
}
