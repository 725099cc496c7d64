// Modal submissions: parse, call one service, answer inline errors (response_action: errors) or the next step.
import type { SlackViewAction, ViewOutput } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import { type AccountRow, members, partyAProfiles } from '../../db/schema.js';
import type { DomainError } from '../../domain/errors.js';
import { checkEsignActivated, checkFramework, checkKindChannel, checkSubjectChange, MAX_FILINGS, MAX_ORDERS } from '../../domain/rules.js';
import { domainError } from '../../domain/errors.js';
import { type Actor, KINDS, type Kind, type PartyA, SEAL_CHANNELS, type SealChannel } from '../../domain/types.js';
import * as svc from '../../services/index.js';
import { validFramework } from '../../services/create-draft.js';
import { notificationChannelProblem } from '../channel-access.js';
import { accountForTeam, forgetAccount, localeOf, type SlackDeps, userActor } from '../context.js';
import { type Locale, t } from '../i18n.js';
import type { Handler, ViewArgs, ViewRouter } from '../routes.js';
import { SETTINGS } from '../views/admin.js';
import { prerequisiteView } from './prerequisites.js';
import { NO_MATCH } from '../views/items.js';
import { BLOCK, CB, doneView, draftUnderwayText, type ItemsMeta, itemsView, type PartyAMeta, partyAView, signingView } from '../views/wizard.js';

type Values = ViewOutput['state']['values'];

// Submitted values are read defensively: a forged payload can put any JSON where Slack would put a string.
const entry = (v: Values, block: string): Record<string, unknown> | undefined => {
  const b = v && typeof v === 'object' ? (v as Record<string, Record<string, unknown>>)[block] : undefined;
  const e = b && typeof b === 'object' ? b[block] : undefined;
  return e && typeof e === 'object' ? (e as Record<string, unknown>) : undefined;
};
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const text = (v: Values, block: string): string => str(entry(v, block)?.value).trim();
const selected = (v: Values, block: string): string | undefined => {
  const o = entry(v, block)?.selected_option as { value?: unknown } | null | undefined;
  return typeof o?.value === 'string' ? o.value : undefined;
};
const selectedMany = (v: Values, block: string): string[] => {
  const list = entry(v, block)?.selected_options;
  return Array.isArray(list) ? list.map((o: { value?: unknown } | null) => o?.value).filter((x): x is string => typeof x === 'string') : [];
};
const usersOf = (v: Values, block: string): string[] => {
  const list = entry(v, block)?.selected_users;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
};
const userOf = (v: Values, block: string): string | null => {
  const u = entry(v, block)?.selected_user ?? entry(v, block)?.selected_conversation;
  return typeof u === 'string' ? u : null;
};

function meta<T>(view: ViewOutput): T | null {
  try {
    return JSON.parse(view.private_metadata || 'null') as T;
  } catch {
    return null;
  }
}

// Metadata comes back from Slack as the app wrote it, unless the submission is forged: its shape is checked before use,
// so a forged one is refused like any bad input instead of failing in the database.
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isItemsMeta = (m: unknown): m is ItemsMeta => isRecord(m) && KINDS.includes(m.kind as Kind) && SEAL_CHANNELS.includes(m.channel as SealChannel);
const isPartyAMeta = (m: unknown): m is PartyAMeta =>
  isRecord(m) &&
  (m.mode === 'create'
    ? isItemsMeta(m) && Array.isArray(m.items) && m.items.every((i) => typeof i === 'string')
    : m.mode === 'fill' && typeof m.contractId === 'string' && Number.isInteger(m.version));

/** Which input a refusal belongs to, so the message sits under the field the person must fix. */
function fieldOf(e: DomainError, fallback: string): string {
  switch (e.code) {
    case 'R8_PHONE_INVALID':
      return BLOCK.phone;
    // The refusal names its field for people in words and for us in `key` (the Party A field it is about).
    case 'PROFILE_INVALID':
    case 'PARTY_A_INCOMPLETE':
    case 'TEXT_NOT_IN_CONTRACT_FONT':
      return ({ address: BLOCK.address, contactName: BLOCK.contactName, phone: BLOCK.phone, email: BLOCK.email } as Record<string, string>)[String(e.params.key ?? '')] ?? fallback;
    default:
      return fallback;
  }
}

const errors = (block: string, message: string) => ({ response_action: 'errors' as const, errors: { [block]: message } });
const update = (view: unknown) => ({ response_action: 'update' as const, view: view as never });

const partyAInput = (v: Values): Partial<PartyA> => ({
  address: text(v, BLOCK.address),
  contactName: text(v, BLOCK.contactName),
  phone: text(v, BLOCK.phone),
  email: text(v, BLOCK.email),
});

export function registerViews(bolt: ViewRouter, deps: SlackDeps): void {
  const ctx = deps.ctx;
  // Every submission is answered, whatever happens: an unexpected error still closes the loop with a message
  // instead of leaving Slack to time out on the person.
  const app = {
    view: (callbackId: string, handler: Handler<ViewArgs>) =>
      bolt.view(callbackId, async (args) => {
        let acked = false;
        const ack = args.ack;
        const tracked = Object.assign(args, {
          ack: (async (r?: never) => {
            acked = true;
            await ack(r);
          }) as typeof ack,
        });
        try {
          await handler(tracked);
        } catch (e) {
          deps.log.error({ err: e, callbackId }, 'view submission failed');
          if (!acked) await ack(update(doneView('zh', `${t('somethingWrong', 'zh')} / ${t('somethingWrong', 'en')}`)));
        }
      }),
  };
  const setup = async (body: SlackViewAction, client: ViewArgs['client']) => {
    const account = await accountForTeam(deps, body.team?.id ?? body.user.team_id);
    const l: Locale = await localeOf(deps, client, account, body.user.id);
    return { account, l, actor: account ? userActor(account, body.user.id) : null };
  };

  app.view(CB.start, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    const v = view.state.values;
    const kind = selected(v, BLOCK.kind) as Kind | undefined;
    const channel = selected(v, BLOCK.channel) as SealChannel | undefined;
    if (!account || !actor) return ack(errors(BLOCK.kind, t('unknownWorkspace', l)));
    if (!kind || !KINDS.includes(kind)) return ack(errors(BLOCK.kind, t('chooseKind', l)));
    if (!channel || !SEAL_CHANNELS.includes(channel)) return ack(errors(BLOCK.channel, t('channel', l)));
    // Refuse early what creation would refuse anyway, on the field that caused it.
    const kc = checkKindChannel(kind, channel);
    if (!kc.ok) return ack(errors(BLOCK.channel, kc.error.message[l]));
    // R5, R7: the refusal shows the way through (an admin's button, or who the admins are).
    if (!checkEsignActivated(channel, account.subjectType, account.esignActivated).ok) return ack(update(await prerequisiteView(deps, account, body.user.id, 'esign', l)));
    if (!checkSubjectChange(account.subjectChangePending).ok) return ack(update(await prerequisiteView(deps, account, body.user.id, 'subject', l)));
    const f = await validFramework(ctx.db as never, account.id);
    const fr = checkFramework(kind, f && { number: f.number, state: f });
    if (!fr.ok) return ack(errors(BLOCK.kind, fr.error.message[l]));

    if (kind !== 'framework') return ack(update(itemsView(l, { kind, channel })));
    if (channel === 'vendor_seal') return ack(update(await partyAStep(deps, account.id, account.verifiedSubject, l, { mode: 'create', kind, channel, items: [] })));
    return ack(await createThenPartyA(deps, account, actor, l, { kind, channel, itemIds: [] }, BLOCK.kind));
  });

  app.view(CB.items, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    const m = meta<unknown>(view);
    if (!account || !actor || !isItemsMeta(m)) return ack(errors(BLOCK.items, t('somethingWrong', l)));
    const items = selectedMany(view.state.values, BLOCK.items).filter((id) => id !== NO_MATCH);
    // The limits in the picker, and again in the core (R11 / R12).
    const max = m.kind === 'filing' ? MAX_FILINGS : MAX_ORDERS;
    if (!items.length) return ack(errors(BLOCK.items, domainError('ITEMS_REQUIRED').message[l]));
    if (items.length > max) {
      const e = domainError(m.kind === 'filing' ? 'R12_TOO_MANY_FILINGS' : 'R11_TOO_MANY_ORDERS', { count: items.length });
      return ack(errors(BLOCK.items, e.message[l]));
    }
    if (m.channel === 'vendor_seal') {
      // Check the selection now, so a bad order is named on this page rather than after Party A.
      const choices = await svc.searchItems(ctx.db, account.id, m.kind, '', 100_000);
      const bad = items.map((id) => choices.find((c) => c.id === id)).find((c) => !c || c.reason);
      if (bad?.reason) return ack(errors(BLOCK.items, bad.reason.message[l]));
      return ack(update(await partyAStep(deps, account.id, account.verifiedSubject, l, { mode: 'create', kind: m.kind, channel: m.channel, items })));
    }
    return ack(await createThenPartyA(deps, account, actor, l, { kind: m.kind, channel: m.channel, itemIds: items }, BLOCK.items));
  });

  app.view(CB.partyA, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    const m = meta<unknown>(view);
    if (!account || !actor || !isPartyAMeta(m)) return ack(errors(BLOCK.address, t('somethingWrong', l)));
    const partyA = partyAInput(view.state.values);
    const r =
      m.mode === 'create'
        ? await svc.createDraft(ctx, actor, { kind: m.kind, channel: m.channel, itemIds: m.items, partyA })
        : await svc.fillPartyA(ctx, actor, m.contractId, partyA, { expectedVersion: m.version });
    if (!r.ok) return ack(errors(fieldOf(r.error, BLOCK.address), r.error.message[l]));
    await ack(update(doneView(l, draftUnderwayText(l, m.mode, r.value.number, r.value.sealChannel, deps.timeScale))));
    // The outbox posts the change and republishes the requester's Home with it (one publish, not two).
    void deps.deliverNow();
  });

  app.view(CB.confirmText, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    const m = meta<{ contractId: string; version: number }>(view);
    if (!account || !actor || !m) return ack();
    const r = await svc.confirmText(ctx, actor, m.contractId, { expectedVersion: m.version });
    if (!r.ok) return ack(update(doneView(l, `⚠️ ${r.error.message[l]}`)));
    const signers = await svc.authorisedSigners(ctx.db, account.id);
    await ack(update(signingView(l, r.value, account.subjectType === 'personal', signers)));
    void deps.deliverNow();
  });

  app.view(CB.signing, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    const m = meta<{ contractId: string; version: number }>(view);
    if (!account || !actor || !m) return ack();
    const personal = account.subjectType === 'personal';
    const v = view.state.values;
    const info = personal ? { phone: text(v, BLOCK.signPhone) } : { signerId: selected(v, BLOCK.signer) ?? '' };
    const block = personal ? BLOCK.signPhone : BLOCK.signer;
    const confirmed = await svc.confirmSigningInfo(ctx, actor, m.contractId, info, { expectedVersion: m.version });
    if (!confirmed.ok) return ack(errors(block, confirmed.error.message[l]));
    const started = await svc.startSigning(ctx, actor, m.contractId, { expectedVersion: confirmed.value.version });
    if (!started.ok) return ack(errors(block, started.error.message[l]));
    const c = started.value;
    const msg = c.subStatus === 'awaiting_approval' ? t('sentToApproval', l, { number: c.number }) : t('signingStarted', l, { name: c.signerName ?? '', phone: c.signerPhone ?? '' });
    await ack(update(doneView(l, msg)));
    // The outbox posts the change and republishes the requester's Home with it (one publish, not two).
    void deps.deliverNow();
  });

  app.view(CB.reject, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    const m = meta<{ contractId: string; version: number }>(view);
    if (!account || !actor || !m) return ack();
    const r = await svc.reject(ctx, actor, m.contractId, text(view.state.values, BLOCK.reason), { expectedVersion: m.version });
    if (!r.ok) return ack(errors(BLOCK.reason, r.error.message[l]));
    await ack({ response_action: 'clear' });
    void deps.deliverNow();
  });

  app.view(CB.paper, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    const m = meta<{ contractId: string; version: number }>(view);
    if (!account || !actor || !m) return ack();
    const v = view.state.values;
    const r = await svc.requestPaper(ctx, actor, m.contractId, { recipient: text(v, BLOCK.recipient), phone: text(v, BLOCK.phone), address: text(v, BLOCK.returnAddress) }, { expectedVersion: m.version });
    if (!r.ok) {
      const block = r.error.code === 'R8_PHONE_INVALID' ? BLOCK.phone : r.error.code === 'PAPER_ADDRESS_REQUIRED' ? BLOCK.returnAddress : BLOCK.recipient;
      return ack(errors(block, r.error.message[l]));
    }
    await ack({ response_action: 'clear' });
    // The outbox posts the change and republishes the requester's Home with it (one publish, not two).
    void deps.deliverNow();
  });

  app.view(CB.profile, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    if (!account || !actor) return ack();
    const p = partyAInput(view.state.values);
    const r = await svc.updatePartyAProfile(ctx, actor, account.id, { address: p.address ?? '', contactName: p.contactName ?? '', phone: p.phone ?? '', email: p.email ?? '' });
    if (!r.ok) return ack(errors(fieldOf(r.error, BLOCK.address), r.error.message[l]));
    await ack(update(doneView(l, t('profileSaved', l))));
  });

  app.view(CB.signerRequest, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    if (!account || !actor) return ack();
    const v = view.state.values;
    const slackUser = userOf(v, BLOCK.signerUser);
    const r = await svc.requestSigner(ctx, actor, { name: text(v, BLOCK.signerName), phone: text(v, BLOCK.phone), slackUserId: slackUser });
    if (!r.ok) return ack(errors(r.error.code === 'R8_PHONE_INVALID' ? BLOCK.phone : BLOCK.signerName, r.error.message[l]));
    await ack(update(doneView(l, t('signerRequested', l))));
    void deps.deliverNow();
  });

  app.view(CB.settings, async ({ ack, body, view, client }) => {
    const { account, l, actor } = await setup(body, client);
    if (!account || !actor) return ack();
    const v = view.state.values;
    const minText = text(v, SETTINGS.min).replaceAll(',', '');
    const min = minText === '' ? null : Math.round(Number(minText) * 100);
    if (min !== null && (!Number.isSafeInteger(min) || min < 0)) return ack(errors(SETTINGS.min, t('invalidAmount', l)));
    const kinds = selectedMany(v, SETTINGS.kinds) as Kind[];
    const channel = userOf(v, SETTINGS.channel);
    const problem = channel ? await notificationChannelProblem(client, channel, l) : null;
    if (problem) return ack(errors(SETTINGS.channel, problem));
    const language = (selected(v, SETTINGS.language) ?? account.language) as 'zh' | 'en';
    const r = await svc.updateSettings(ctx, actor, account.id, { notificationChannel: channel, approvalKinds: kinds, approvalMinTotalCents: min, language });
    if (!r.ok) return ack(errors(SETTINGS.kinds, r.error.message[l]));
    forgetAccount(deps, account.slackTeamId);
    const wanted = new Set(usersOf(v, SETTINGS.approvers));
    const esignAdmins = new Set(usersOf(v, SETTINGS.esignAdmins));
    const current = await ctx.db.select().from(members).where(eq(members.accountId, account.id));
    const holders = current.filter((m) => m.isApprover || m.isEsignAdmin).map((m) => m.slackUserId);
    for (const id of new Set([...wanted, ...esignAdmins, ...holders])) {
      const m = current.find((x) => x.slackUserId === id);
      if (wanted.has(id) !== Boolean(m?.isApprover) || esignAdmins.has(id) !== Boolean(m?.isEsignAdmin)) {
        await svc.setMemberRoles(ctx, actor, account.id, { slackUserId: id, isAdmin: m?.isAdmin ?? false, isApprover: wanted.has(id), isEsignAdmin: esignAdmins.has(id) });
      }
    }
    await ack(update(doneView(l, t('settingsSaved', l))));
  });
}

/** The dual channel creates its draft once the items are chosen (filling_info), then asks for Party A. */
async function createThenPartyA(deps: SlackDeps, account: AccountRow, actor: Actor & { type: 'user' }, l: Locale, input: svc.CreateDraftInput, block: string) {
  const r = await svc.createDraft(deps.ctx, actor, input);
  if (!r.ok) return errors(block, r.error.message[l]);
  void deps.deliverNow();
  return update(await partyAStep(deps, account.id, account.verifiedSubject, l, { mode: 'fill', contractId: r.value.id, version: r.value.version }));
}

/** A submission of a form this app does not know (an old modal after an upgrade, a forged one): say so at once. */
/** A submission of a form this app does not know (an old version's, a forged one) is told so at once. */
export const unknownView: Handler<ViewArgs> = ({ ack }) => ack(update(doneView('zh', '此表单已失效，请重新打开。/ This form is no longer valid; open it again.')));

async function partyAStep(deps: SlackDeps, accountId: string, subject: string, l: Locale, m: PartyAMeta) {
  const [profile] = await deps.ctx.db.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, accountId));
  return partyAView(l, subject, profile ?? {}, m);
}

