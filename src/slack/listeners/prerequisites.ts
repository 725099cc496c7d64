// The way through a prerequisite refusal (R5, R7): an admin activates e-sign or records the supplementary agreement
// from the refusal itself (or from settings) and carries on; anyone else is told who their admins are.
import type { BlockAction, ButtonAction, SlackViewAction } from '@slack/bolt';
import { SUPPLEMENTARY_KINDS, type SupplementaryKind } from '../../domain/types.js';
import * as svc from '../../services/index.js';
import { accountForTeam, forgetAccount, localeOf, refusalText, type SlackDeps, userActor } from '../context.js';
import type { Locale } from '../i18n.js';
import type { ActionRouter, ViewRouter } from '../routes.js';
import { activatedText, type AgreementFrom, agreementView, type Prerequisite, prerequisiteRefusal, recordedText } from '../views/prerequisites.js';
import { doneView, startView } from '../views/wizard.js';
import { PREREQ } from '../ids.js';

type Account = NonNullable<Awaited<ReturnType<typeof accountForTeam>>>;

/** The refusal as a modal, in place of the step that was refused. */
export async function prerequisiteView(deps: SlackDeps, account: Account, userId: string, which: Prerequisite, l: Locale) {
  const roles = await svc.rolesOf(deps.ctx.db, account.id, userId);
  const admins = roles.isAdmin ? [] : await svc.membersWith(deps.ctx.db, account.id, 'isAdmin');
  return prerequisiteRefusal(l, which, { isAdmin: roles.isAdmin, admins });
}

type Values = Record<string, Record<string, { value?: unknown; selected_option?: { value?: unknown } | null; selected_date?: unknown }>>;
const field = (v: Values, block: string) => v?.[block]?.[block];

export function registerPrerequisites(app: ActionRouter & ViewRouter, deps: SlackDeps): void {
  const ctx = deps.ctx;

  app.action(PREREQ.activate, async ({ ack, body, client }) => {
    await ack();
    const b = body as BlockAction;
    const account = await accountForTeam(deps, b.team?.id ?? b.user.team_id);
    if (!account || !b.view) return;
    const l = await localeOf(deps, client, account, b.user.id);
    const r = await svc.activateEsign(ctx, userActor(account, b.user.id), account.id);
    forgetAccount(deps, account.slackTeamId);
    // Activated: the person is back at the first step, where the dual channel now goes through.
    const next = r.ok ? withNote(startView(l, account.vendor), activatedText(l)) : doneView(l, refusalText(r.error, l));
    await client.views.update({ view_id: b.view.id, view: next as never });
  });

  app.action(PREREQ.openAgreement, async ({ ack, body, client }) => {
    await ack();
    const b = body as BlockAction;
    const account = await accountForTeam(deps, b.team?.id ?? b.user.team_id);
    if (!account || !b.view) return;
    const l = await localeOf(deps, client, account, b.user.id);
    const from: AgreementFrom = (b.actions[0] as ButtonAction).value === 'settings' ? 'settings' : 'refusal';
    const view = agreementView(l, account, from);
    // From settings the form goes on top, so the settings being edited are not lost.
    if (from === 'settings') await client.views.push({ trigger_id: b.trigger_id, view: view as never });
    else await client.views.update({ view_id: b.view.id, view: view as never });
  });

  app.view(PREREQ.agreement, async ({ ack, body, view, client }) => {
    const b = body as SlackViewAction;
    const account = await accountForTeam(deps, b.team?.id ?? b.user.team_id);
    if (!account) return ack();
    const l = await localeOf(deps, client, account, b.user.id);
    const v = view.state.values as unknown as Values;
    const kind = field(v, PREREQ.kind)?.selected_option?.value;
    const signedOn = field(v, PREREQ.date)?.selected_date;
    const reference = field(v, PREREQ.reference)?.value;
    if (typeof kind !== 'string' || !SUPPLEMENTARY_KINDS.includes(kind as SupplementaryKind)) return ack(errors(PREREQ.kind, '?'));
    const r = await svc.recordSupplementaryAgreement(ctx, userActor(account, b.user.id), account.id, {
      kind: kind as SupplementaryKind,
      reference: typeof reference === 'string' ? reference : '',
      signedOn: typeof signedOn === 'string' ? signedOn : null,
    });
    if (!r.ok) {
      const block = r.error.params.key === 'date' ? PREREQ.date : PREREQ.reference;
      return ack(r.error.code === 'INVALID_INPUT' ? errors(block, r.error.message[l]) : update(doneView(l, refusalText(r.error, l))));
    }
    forgetAccount(deps, account.slackTeamId);
    const from = parseFrom(view.private_metadata);
    await ack(update(from === 'refusal' ? withNote(startView(l, account.vendor), recordedText(l)) : doneView(l, recordedText(l))));
  });
}

const errors = (block: string, message: string) => ({ response_action: 'errors' as const, errors: { [block]: message } });
const update = (view: unknown) => ({ response_action: 'update' as const, view: view as never });

function parseFrom(meta: string | undefined): AgreementFrom {
  try {
    return (JSON.parse(meta ?? '{}') as { from?: unknown }).from === 'settings' ? 'settings' : 'refusal';
  } catch {
    return 'refusal';
  }
}

/** A modal with a line on top saying what just happened. */
function withNote(view: ReturnType<typeof startView>, note: string) {
  const v = view as unknown as { blocks: unknown[] };
  return { ...view, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }, ...v.blocks] };
}
