// The admin's settings: the set-up's second page (notification channel, roles, the approval policy, the paper
// address, for this account's vendor) and the channel language, saved in one transaction.
import { z } from 'zod';
import * as svc from '../../services/index.js';
import { forgetAccount, type SlackDeps } from '../context.js';
import { t } from '../i18n.js';
import { CB, SETTINGS } from '../ids.js';
import { STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { doneView } from '../views/wizard.js';
import { readPolicy } from './policy-form.js';
import { refusalAnswer } from './setup.js';
import { errors, onSubmit, readState, update, who } from './submission.js';

const Language = z.enum(['zh', 'en']);

export function registerSettings(router: ViewRouter, deps: SlackDeps): void {
  onSubmit(router, deps, CB.settings, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer();
    const form = readState(STATE[CB.settings], view, SETTINGS.kinds, l);
    if (!form.ok) return answer(form.answer);
    const language = Language.safeParse(form.value.language ?? account.language);
    if (!language.success) return answer(errors(SETTINGS.language, t('fieldUnreadable', l)));
    const held = {
      admins: await svc.membersWith(deps.ctx.db, account.id, 'isAdmin'),
      approvers: await svc.membersWith(deps.ctx.db, account.id, 'isApprover'),
      esignAdmins: await svc.membersWith(deps.ctx.db, account.id, 'isEsignAdmin'),
    };
    const policy = await readPolicy(client, view, CB.settings, l, held);
    if (!policy.ok) return answer(policy.answer);
    const present = new Set(Object.keys(view.state?.values ?? {}));
    const r = await svc.saveSettingsAndRoles(deps.ctx, actor, account.id, { ...policy.value, language: language.data });
    if (!r.ok) return answer(refusalAnswer(r.error, l, SETTINGS.kinds, present));
    forgetAccount(deps, account.slackTeamId);
    await answer(update(doneView(l, t('settingsSaved', l))));
    // Approval requests for contracts already waiting go to the approvers just added (issue 26).
    void deps.deliverNow();
  });
}
