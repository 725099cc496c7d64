// A new signer of an enterprise account (R8): requested here, authorised by the e-sign administrator.
import { parseInput, SignerRequest } from '../../domain/inputs.js';
import { approvalPolicyOf, needsApproval } from '../../domain/rules.js';
import * as svc from '../../services/index.js';
import type { SlackDeps } from '../context.js';
import { t } from '../i18n.js';
import { BLOCK, CB } from '../ids.js';
import { parseMeta, SignerRequestFromMeta, STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { doneView, signingView } from '../views/wizard.js';
import { errors, fieldErrors, onSubmit, readState, update, who } from './submission.js';

export function registerSigners(router: ViewRouter, deps: SlackDeps): void {
  onSubmit(router, deps, CB.signerRequest, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer();
    const form = readState(STATE[CB.signerRequest], view, BLOCK.signerName, l);
    if (!form.ok) return answer(form.answer);
    const v = form.value;
    const input = parseInput(SignerRequest, { name: v.signer_name, phone: v.phone });
    if (!input.ok) return answer(fieldErrors(input.errors, { name: BLOCK.signerName, phone: BLOCK.phone }, l));
    const r = await svc.requestSigner(deps.ctx, actor, { ...input.value, slackUserId: v.signer_user });
    if (!r.ok) return answer(errors(BLOCK.signerName, r.error.message[l]));
    const from = parseMeta(SignerRequestFromMeta, view.private_metadata);
    const c = from ? await svc.getContract(deps.ctx.db, account.id, from.contractId) : null;
    if (!from || !c || c.version !== from.version) {
      await answer(update(doneView(l, t('signerRequested', l))));
      return void deps.deliverNow();
    }
    // Back to the signing step, which now lists the signer as waiting for the e-sign administrator.
    await answer();
    const step = signingView(l, c, false, await svc.authorisedSigners(deps.ctx.db, account.id), {
      pending: await svc.pendingSigners(deps.ctx.db, account.id),
      approvalFirst: needsApproval(approvalPolicyOf(account), c),
    });
    await client.views.update({ view_id: from.signingViewId, view: step }).catch((e: unknown) => deps.log.warn({ err: e }, 'signing step not refreshed'));
    void deps.deliverNow();
  });
}
