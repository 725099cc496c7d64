// The admin's settings: notification channel, approvers, the approval policy, the channel language.
import { z } from 'zod';
import { ApprovalAmount, parseInput } from '../../domain/inputs.js';
import { KINDS } from '../../domain/types.js';
import * as svc from '../../services/index.js';
import { notificationChannelProblem } from '../channel-access.js';
import { forgetAccount, type SlackDeps } from '../context.js';
import { t } from '../i18n.js';
import { STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { SETTINGS } from '../views/admin.js';
import { CB, doneView } from '../views/wizard.js';
import { errors, fieldErrors, onSubmit, readState, update, who } from './submission.js';

const Kinds = z.array(z.enum(KINDS));
const Language = z.enum(['zh', 'en']);

export function registerSettings(router: ViewRouter, deps: SlackDeps): void {
  onSubmit(router, deps, CB.settings, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer();
    const form = readState(STATE[CB.settings], view, SETTINGS.kinds, l);
    if (!form.ok) return answer(form.answer);
    const v = form.value;
    const min = parseInput(ApprovalAmount, { approvalMin: v.approval_min });
    if (!min.ok) return answer(fieldErrors(min.errors, { approvalMin: SETTINGS.min }, l));
    const kinds = Kinds.safeParse(v.approval_kinds);
    if (!kinds.success) return answer(errors(SETTINGS.kinds, t('fieldUnreadable', l)));
    const language = Language.safeParse(v.language ?? account.language);
    if (!language.success) return answer(errors(SETTINGS.language, t('fieldUnreadable', l)));
    const channel = v.notify_channel;
    const problem = channel ? await notificationChannelProblem(client, channel, l) : null;
    if (problem) return answer(errors(SETTINGS.channel, problem));
    const r = await svc.saveSettings(deps.ctx, actor, account.id, {
      notificationChannel: channel,
      approvalKinds: kinds.data,
      approvalMinTotalCents: min.value.approvalMin,
      language: language.data,
      approvers: v.approvers,
      esignAdmins: v.esign_admins,
    });
    if (!r.ok) return answer(errors(SETTINGS.kinds, r.error.message[l]));
    forgetAccount(deps, account.slackTeamId);
    await answer(update(doneView(l, t('settingsSaved', l))));
  });
}
