// The way through a prerequisite refusal (R5, R7): an admin activates e-sign or records the supplementary agreement
// from the refusal itself (or from settings) and carries on; anyone else is told who their admins are.
import type { ButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import * as svc from '../../services/index.js';
import { accountForTeam, forgetAccount, localeOf, refusalText, type SlackDeps, userActor } from '../context.js';
import { type Locale, t } from '../i18n.js';
import { PREREQ } from '../ids.js';
import { AgreementMeta, parseMeta, STATE } from '../payloads.js';
import type { ActionRouter, ViewRouter } from '../routes.js';
import { context } from '../views/blocks.js';
import { activatedText, type AgreementFrom, agreementView, type Prerequisite, prerequisiteRefusal, recordedText } from '../views/prerequisites.js';
import { doneView, startView } from '../views/wizard.js';
import { errors, onSubmit, readState, update, who } from './submission.js';

type Account = NonNullable<Awaited<ReturnType<typeof accountForTeam>>>;

/** The refusal as a modal, in place of the step that was refused. */
export async function prerequisiteView(deps: SlackDeps, account: Account, userId: string, which: Prerequisite, l: Locale) {
  const roles = await svc.rolesOf(deps.ctx.db, account.id, userId);
  const admins = roles.isAdmin ? [] : await svc.membersWith(deps.ctx.db, account.id, 'isAdmin');
  return prerequisiteRefusal(l, which, { isAdmin: roles.isAdmin, admins });
}

export function registerPrerequisites(app: ActionRouter & ViewRouter, deps: SlackDeps): void {
  const ctx = deps.ctx;

  app.action(PREREQ.activate, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const account = await accountForTeam(deps, b.team?.id ?? b.user.team_id);
    if (!account || !b.view) return;
    const l = await localeOf(deps, client, account, b.user.id);
    const r = await svc.activateEsign(ctx, userActor(account, b.user.id), account.id);
    forgetAccount(deps, account.slackTeamId);
    // Activated: the person is back at the first step, where the dual channel now goes through.
    const next = r.ok ? withNote(startView(l, account.vendor), activatedText(l)) : doneView(l, refusalText(r.error, l));
    await client.views.update({ view_id: b.view.id, view: next });
  });

  app.action(PREREQ.openAgreement, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const account = await accountForTeam(deps, b.team?.id ?? b.user.team_id);
    if (!account || !b.view) return;
    const l = await localeOf(deps, client, account, b.user.id);
    const from: AgreementFrom = (b.actions[0] as ButtonAction).value === 'settings' ? 'settings' : 'refusal';
    const view = agreementView(l, account, from);
    // From settings the form goes on top, so the settings being edited are not lost.
    if (from === 'settings') await client.views.push({ trigger_id: b.trigger_id, view });
    else await client.views.update({ view_id: b.view.id, view });
  });

  onSubmit(app, deps, PREREQ.agreement, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer();
    const form = readState(STATE[PREREQ.agreement], view, PREREQ.kind, l);
    if (!form.ok) return answer(form.answer);
    const kind = form.value[PREREQ.kind];
    if (!kind) return answer(errors(PREREQ.kind, t('fieldUnreadable', l)));
    const r = await svc.recordSupplementaryAgreement(ctx, actor, account.id, {
      kind,
      reference: form.value[PREREQ.reference],
      signedOn: form.value[PREREQ.date],
    });
    if (!r.ok) {
      const block = r.error.params.key === 'date' ? PREREQ.date : PREREQ.reference;
      return answer(r.error.code === 'INVALID_INPUT' ? errors(block, r.error.message[l]) : update(doneView(l, refusalText(r.error, l))));
    }
    forgetAccount(deps, account.slackTeamId);
    const from = parseMeta(AgreementMeta, view.private_metadata)?.from ?? 'refusal';
    await answer(update(from === 'refusal' ? withNote(startView(l, account.vendor), recordedText(l)) : doneView(l, recordedText(l))));
  });
}

/** A modal with a line on top saying what just happened. */
const withNote = (view: ModalView, note: string): ModalView => ({ ...view, blocks: [context(note), ...view.blocks] });
