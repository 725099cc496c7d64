// R17: a workspace without an account, set up in Slack. Who may (the installer, a workspace admin or owner) opens the
// set-up from Home or any /contract; page one (the account and Party A) is checked and page two (notifications,
// roles, approvals) pushed over it; saving is one transaction. Admins reopen page one from settings.
import type { SlackViewAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { type DomainError, domainError } from '../../domain/errors.js';
import { accountSetupForm, parseInput } from '../../domain/inputs.js';
import { SUBJECT_TYPES, type SubjectType } from '../../domain/types.js';
import { type Vendor, VENDORS } from '../../domain/vendors.js';
import * as svc from '../../services/index.js';
import { accountForTeam, forgetAccount, localeOf, publishHome, refusalText, type SlackDeps, tellClicker, userActor } from '../context.js';
import type { Locale } from '../i18n.js';
import { SETUP_ACTION, SETUP_BLOCK, SETUP_CB } from '../ids.js';
import { parseMeta, SetupMeta, STATE } from '../payloads.js';
import type { ActionRouter, ViewRouter } from '../routes.js';
import { setupRight, whomToAsk } from '../setup-access.js';
import { showView } from '../view-refused.js';
import { settingsView } from '../views/admin.js';
import {
  accountSetupView,
  type AccountValues,
  askText,
  rolesSetupView,
  setupDoneText,
  unlinkedBlocks,
  unlinkedHomeView,
  unlinkedText,
} from '../views/setup.js';
import { BLOCK_OF_FIELD, readPolicy } from './policy-form.js';
import { type Answer, errors, fieldErrors, onSubmit, readState } from './submission.js';

const teamOf = (body: { team?: { id: string } | null; user: { id: string; team_id?: string } }) => body.team?.id ?? body.user.team_id ?? '';

/** What a workspace without an account answers to any /contract: the way forward for this person. */
export async function unlinkedAnswer(deps: SlackDeps, client: WebClient, teamId: string, userId: string, l: Locale) {
  const { right } = await setupRight(deps, client, teamId, userId);
  const ask = right ? [] : await whomToAsk(deps, client, teamId);
  return { response_type: 'ephemeral' as const, text: unlinkedText(l), blocks: unlinkedBlocks(l, { right, ask }) };
}

/** The Home tab of a workspace without an account. */
export async function publishUnlinkedHome(deps: SlackDeps, client: WebClient, teamId: string, userId: string): Promise<void> {
  const l = await localeOf(deps, client, null, userId);
  const { right } = await setupRight(deps, client, teamId, userId);
  const ask = right ? [] : await whomToAsk(deps, client, teamId);
  await client.views.publish({ user_id: userId, view: unlinkedHomeView(l, { right, ask }) });
}

/** Page one's defaults for a new account: the person's language and Slack time zone, an enterprise on Tencent Cloud. */
const freshValues = (l: Locale, tz: string | null): AccountValues => ({
  vendor: 'tencent',
  cloudAccountId: '',
  verifiedSubject: '',
  subjectType: 'enterprise',
  address: '',
  contactName: '',
  phone: '',
  email: '',
  language: l,
  timeZone: tz ?? 'Asia/Shanghai',
});

/**
 * Page one as submitted, read and checked; the refusals under their fields. `byVendor`: the account ID is checked
 * against the vendor chosen (a new set-up); from settings the service does it, after saying whether the vendor may
 * change at all (else a fixed vendor's own ID would be refused as the other vendor's).
 */
function readAccount(view: SlackViewAction['view'], l: Locale, byVendor: boolean): { ok: true; value: AccountValues } | { ok: false; answer: Answer } {
  const form = readState(STATE[SETUP_CB.account], view, SETUP_BLOCK.vendor, l);
  if (!form.ok) return form;
  const v = form.value;
  const vendor = v[SETUP_BLOCK.vendor];
  const subjectType = v[SETUP_BLOCK.subjectType];
  const language = v[SETUP_BLOCK.language];
  const unreadable: Record<string, string> = {};
  const unread = domainError('INVALID_INPUT', { detail: { zh: '请选择一项', en: 'choose one' } }).message[l];
  if (!VENDORS.includes(vendor as Vendor)) unreadable[SETUP_BLOCK.vendor] = unread;
  if (!SUBJECT_TYPES.includes(subjectType as SubjectType)) unreadable[SETUP_BLOCK.subjectType] = unread;
  if (language !== 'zh' && language !== 'en') unreadable[SETUP_BLOCK.language] = unread;
  const parsed = parseInput(accountSetupForm(byVendor ? (vendor ?? '') : ''), {
    cloudAccountId: v[SETUP_BLOCK.cloudAccountId],
    verifiedSubject: v[SETUP_BLOCK.verifiedSubject],
    address: v[SETUP_BLOCK.address],
    contactName: v[SETUP_BLOCK.contactName],
    phone: v[SETUP_BLOCK.phone],
    email: v[SETUP_BLOCK.email],
    timeZone: v[SETUP_BLOCK.timeZone] ?? '',
  });
  const typed = parsed.ok ? null : fieldErrors(parsed.errors, BLOCK_OF_FIELD, l);
  const all = { ...unreadable, ...(typed?.response_action === 'errors' ? typed.errors : {}) };
  if (Object.keys(all).length || !parsed.ok) return { ok: false, answer: { response_action: 'errors', errors: all } };
  return { ok: true, value: { ...parsed.value, vendor: vendor as Vendor, subjectType: subjectType as SubjectType, language: language as Locale } };
}

/** A service's refusal under the field it names (its params say which), else under `fallback`. */
export function refusalAnswer(e: DomainError, l: Locale, fallback: string, present: Set<string>): Answer {
  const field = typeof e.params.formField === 'string' ? e.params.formField : '';
  const block = BLOCK_OF_FIELD[field as keyof typeof BLOCK_OF_FIELD];
  return errors(block && present.has(block) ? block : fallback, e.message[l]);
}

const blocksOf = (view: { blocks?: unknown }) =>
  new Set(((view.blocks as { block_id?: string }[] | undefined) ?? []).map((b) => b.block_id ?? '').filter(Boolean));

export function registerSetup(app: ActionRouter & ViewRouter, deps: SlackDeps): void {
  const ctx = deps.ctx;

  // From Home or from the answer to /contract: page one, for whoever may set the workspace up.
  app.action(SETUP_ACTION.open, async ({ ack, body, client, respond }) => {
    await ack();
    const b = body;
    const teamId = teamOf(b);
    const user = b.user.id;
    const l = await localeOf(deps, client, null, user);
    const tell = (text: string) => tellClicker(client, user, text, b.channel?.id, b.container?.type === 'message' ? respond : undefined);
    if (await accountForTeam(deps, teamId)) return tell(refusalText(domainError('R17_ALREADY_SET_UP'), l));
    const { right, tz } = await setupRight(deps, client, teamId, user);
    if (!right) {
      const ask = await whomToAsk(deps, client, teamId);
      return tell(`${unlinkedText(l)}: ${askText(l, ask)}`);
    }
    await showView(
      'views.open',
      () => client.views.open({ trigger_id: b.trigger_id, view: accountSetupView(l, freshValues(l, tz), { mode: 'new' }) as View }),
      {
        l,
        log: deps.log,
        tell,
      },
    );
  });

  // From settings: page one again, over the settings, for an admin.
  app.action(SETUP_ACTION.edit, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const account = await accountForTeam(deps, teamOf(b));
    if (!account) return;
    const l = await localeOf(deps, client, account, b.user.id);
    const tell = (text: string) => tellClicker(client, b.user.id, text, undefined);
    if (!(await svc.rolesOf(ctx.db, account.id, b.user.id)).isAdmin)
      return tell(refusalText(domainError('NOT_PERMITTED', { action: { zh: '修改账号设置', en: 'change the account set-up' } }), l));
    const profile = await svc.partyAProfile(ctx.db, account.id);
    const values: AccountValues = {
      vendor: account.vendor,
      cloudAccountId: account.cloudAccountId ?? '',
      verifiedSubject: account.verifiedSubject,
      subjectType: account.subjectType,
      address: profile?.address ?? '',
      contactName: profile?.contactName ?? '',
      phone: profile?.phone ?? '',
      email: profile?.email ?? '',
      language: account.language === 'en' ? 'en' : 'zh',
      timeZone: account.timeZone,
    };
    const firstContract = await svc.firstContractNumber(ctx.db, account.id);
    await showView(
      'views.push',
      () => client.views.push({ trigger_id: b.trigger_id, view: accountSetupView(l, values, { mode: 'edit', firstContract }) as View }),
      {
        l,
        log: deps.log,
        tell,
      },
    );
  });

  // Page one of a new set-up: checked, then page two pushed over it with page one's values.
  onSubmit(app, deps, SETUP_CB.account, async ({ body, view, client }, answer) => {
    const teamId = teamOf(body);
    const l = await localeOf(deps, client, null, body.user.id);
    if (await accountForTeam(deps, teamId)) return answer(errors(SETUP_BLOCK.vendor, refusalText(domainError('R17_ALREADY_SET_UP'), l)));
    const form = readAccount(view, l, true);
    if (!form.ok) return answer(form.answer);
    const a = form.value;
    const policy = {
      notificationChannel: null,
      admins: [body.user.id],
      approvers: [],
      esignAdmins: [],
      approvalKinds: [],
      approvalMinTotalCents: null,
      vendorPaperAddress: null,
    };
    await answer({ response_action: 'push', view: rolesSetupView(l, a, policy) });
  });

  // Page two: the whole set-up saved in one transaction; the person becomes an admin and their Home shows the desk.
  onSubmit(app, deps, SETUP_CB.roles, async ({ body, view, client }, answer) => {
    const teamId = teamOf(body);
    const user = body.user.id;
    const l = await localeOf(deps, client, null, user);
    const first = 'notify_channel';
    const meta = parseMeta(SetupMeta, view.private_metadata);
    if (!meta)
      return answer(
        errors(
          first,
          refusalText(domainError('INVALID_INPUT', { detail: { zh: '表单已失效，请重新开始设置', en: 'the form expired; start the set-up again' } }), l),
        ),
      );
    if (await accountForTeam(deps, teamId)) return answer(errors(first, refusalText(domainError('R17_ALREADY_SET_UP'), l)));
    const { right } = await setupRight(deps, client, teamId, user);
    if (!right) return answer(errors(first, refusalText(domainError('NOT_PERMITTED', { action: { zh: '设置合同助手', en: 'set up contract desk' } }), l)));
    const policy = await readPolicy(client, view, SETUP_CB.roles, l, { admins: [user], approvers: [], esignAdmins: [] });
    if (!policy.ok) return answer(policy.answer);
    const r = await svc.setUpAccount(ctx, { teamId, userId: user, right }, { account: meta, policy: policy.value });
    if (!r.ok) return answer(refusalAnswer(r.error, l, first, blocksOf(view)));
    forgetAccount(deps, teamId);
    await answer({ response_action: 'clear' });
    const done = setupDoneText(l, r.value);
    await client.chat.postMessage({ channel: user, text: done }).catch((e: unknown) => deps.log.warn({ err: e }, 'set-up done message failed'));
    await publishHome(deps, client, r.value, user).catch((e: unknown) => deps.log.warn({ err: e }, 'home after set-up failed'));
  });

  // Page one from settings: saved on its own; the settings underneath show the account as it now is.
  onSubmit(app, deps, SETUP_CB.accountEdit, async ({ body, view, client }, answer) => {
    const account = await accountForTeam(deps, teamOf(body));
    const l = await localeOf(deps, client, account, body.user.id);
    if (!account) return answer(errors(SETUP_BLOCK.vendor, refusalText(domainError('ACCOUNT_NOT_FOUND'), l)));
    const form = readAccount(view, l, false);
    if (!form.ok) return answer(form.answer);
    const r = await svc.updateAccountSetup(ctx, userActor(account, body.user.id), account.id, form.value);
    if (!r.ok) return answer(refusalAnswer(r.error, l, SETUP_BLOCK.vendor, blocksOf(view)));
    forgetAccount(deps, account.slackTeamId);
    await answer();
    const below = (view as { previous_view_id?: string | null }).previous_view_id;
    if (below) {
      const roles = {
        admins: await svc.membersWith(ctx.db, account.id, 'isAdmin'),
        approvers: await svc.membersWith(ctx.db, account.id, 'isApprover'),
        esignAdmins: await svc.membersWith(ctx.db, account.id, 'isEsignAdmin'),
      };
      await client.views
        .update({ view_id: below, view: settingsView(l, r.value, roles) as View })
        .catch((e: unknown) => deps.log.warn({ err: e }, 'settings refresh failed'));
    }
  });
}
