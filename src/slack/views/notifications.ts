// What each notification says, as pure functions: the `text` (push notifications, screen readers, search) is built
// from the same words as the blocks, in the recipient's language, with labels and amounts as people read them.
import type { ContractRow, SignerRow } from '../../db/schema.js';
import type { DocKind } from '../../domain/documents.js';
import type { Messages } from '../../domain/errors.js';
import { durationWords, EXPECTED_DURATION, KIND_LABEL } from '../../domain/labels.js';
import type { ContractChanged, ReminderKind } from '../../domain/notices.js';
import { staleWords } from '../../domain/stale.js';
import type { SealChannel, State } from '../../domain/types.js';
import type { Vendor } from '../../domain/vendors.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { ACTION } from '../ids.js';
import { signerDecidedMessage } from './admin.js';
import { actions, type Block, button, context, section } from './blocks.js';
import { type ApprovalContext, approvalMessage, signRequestMessage, signRequestWords, transitionText } from './contract.js';

export interface Message {
  text: string;
  blocks?: Block[];
}

/** A reply in the contract's thread for one status change, with the document's link when one was just issued. */
export function changeReply(
  p: ContractChanged,
  l: Locale,
  doc: { kind: DocKind; url: string } | null,
  names: ReadonlyMap<string, string> = new Map(),
  timeScale = 1,
): Message {
  const link = doc ? `\n📄 <${doc.url}|${t(doc.kind === 'draft' ? 'draftLink' : 'formalLink', l)}>` : '';
  const wait = expectedWait(p.to, p.channel, timeScale);
  return { text: transitionText(p, l, names) + (wait ? `\n⏳ ${t('expectWait', l, { duration: pick(wait, l) })}` : '') + link };
}

/** The same change as a DM to the requester, in their language: which contract of theirs, then what happened to it. */
export function requesterUpdate(
  p: ContractChanged,
  l: Locale,
  doc: { kind: DocKind; url: string } | null,
  names: ReadonlyMap<string, string> = new Map(),
  timeScale = 1,
): Message {
  const which = t('yourContract', l, { kind: pick(KIND_LABEL[p.kind], l), number: p.number });
  return { text: `${which}\n${changeReply(p, l, doc, names, timeScale).text}` };
}

/** How long the e-sign service is expected to take in this state, where the seeds say. */
function expectedWait(to: State, channel: SealChannel, timeScale: number): Messages | null {
  if (to.subStatus === 'draft_generating') return durationWords(EXPECTED_DURATION.draft[channel], timeScale);
  if (to.subStatus === 'vendor_signing') return durationWords(EXPECTED_DURATION.vendorSeal[channel], timeScale);
  return null;
}

export const documentTitle = (number: string, kind: DocKind, l: Locale): string => `${number} ${t(kind === 'draft' ? 'draftLink' : 'formalLink', l)}`;

export const expiredReply = (number: string, l: Locale): Message => ({ text: t('filingExpired', l, { number }) });

/** A stuck contract, said in people's words: the e-sign service's own (`reason`'s detail) stay in the log. */
export const staleReply = (reason: string, l: Locale, vendor: Vendor): Message => ({
  text: t('staleThread', l, { reason: pick(staleWords(reason, vendor), l) }),
});

export const staleDm = (number: string, reason: string, l: Locale, vendor: Vendor): Message => ({
  text: t('staleDm', l, { number, reason: pick(staleWords(reason, vendor), l) }),
});

export function approvalRequest(c: ContractRow, l: Locale, what?: ApprovalContext): Message {
  return {
    text: t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: pick(KIND_LABEL[c.kind], l), number: c.number }),
    blocks: approvalMessage(c, l, undefined, what),
  };
}

/** An approver's copy once someone decided: the outcome instead of the buttons. */
export function approvalDecided(c: ContractRow, l: Locale, d: { approved: boolean; by: string; reason: string | null }, what?: ApprovalContext): Message {
  const outcome = d.approved ? t('approvedBy', l, { who: `<@${d.by}>` }) : t('rejectedBy', l, { who: `<@${d.by}>`, reason: escapeMrkdwn(d.reason ?? '') });
  return { text: `${c.number} · ${outcome}`, blocks: approvalMessage(c, l, d, what) };
}

export const signRequest = (c: ContractRow, l: Locale, draftUrl: string | null = null): Message => ({
  text: signRequestWords(c, l),
  blocks: signRequestMessage(c, l, false, 1, draftUrl),
});

/** The SMS itself (R8), in both languages: nobody knows the phone's language; the link opens the signing page. */
export const signingSms = (c: ContractRow, url: string): string =>
  `${t('signingSms', 'zh', { number: c.number, url })}\n${t('signingSms', 'en', { number: c.number, url })}`;

/** The one-time code the signing page sends to the signer's phone. */
export const signingCodeSms = (number: string, code: string): string =>
  `${t('signingCodeSms', 'zh', { number, code })}\n${t('signingCodeSms', 'en', { number, code })}`;

/** R8: a signer waits for authorisation and nobody holds the role that gives it. */
export const noEsignAdmin = (name: string, l: Locale): Message => ({ text: t('noEsignAdmin', l, { name: escapeMrkdwn(name) }) });

/** A signer with no Slack account signs from the SMS alone; the requester hears where it went. */
export const signerHasNoSlack = (c: ContractRow, l: Locale): Message => ({
  text: t('signerNoSlack', l, { number: c.number, name: escapeMrkdwn(c.signerName ?? ''), phone: c.signerPhone ?? '' }),
});

export function reminder(kind: ReminderKind, c: ContractRow, l: Locale, expiresAt?: string): Message {
  const key = ({ signer: 'remindSigner', requester: 'remindRequester', approvers: 'remindApprovers', filingExpiry: 'remindFilingExpiry' } as const)[kind];
  const text = t(key, l, { number: c.number, date: (expiresAt ?? '').slice(0, 10) });
  if (kind !== 'signer') return { text };
  // The signer's reminder carries the Sign button again, under the reminder's own words.
  return { text, blocks: [section(text), ...signRequestMessage(c, l).slice(1)] };
}

export function signerAuthRequest(s: SignerRow, l: Locale): Message {
  const text = t('signerAuthRequest', l, { requester: `<@${s.requestedBy}>`, name: escapeMrkdwn(s.name), phone: s.phone });
  return {
    text,
    blocks: [
      section(text),
      actions(`signer:${s.id}`, [
        button(t('authorise', l), ACTION.signerAuthorise, s.id, { style: 'primary' }),
        button(t('reject', l), ACTION.signerReject, s.id, { style: 'danger' }),
      ]),
      context(t('signerAuthWhy', l)),
    ],
  };
}

export const signerDecided = (name: string, decision: 'authorise' | 'reject', l: Locale): Message => ({
  text: t(decision === 'authorise' ? 'signerNowAuthorised' : 'signerNowRefused', l, { name: escapeMrkdwn(name) }),
});

/** An e-sign administrator's copy of a signer's request, once decided: the outcome and who decided, no buttons. */
export const signerDecidedCopy = (s: { name: string; phone: string }, decision: 'authorise' | 'reject', by: string, l: Locale): Message => ({
  text: decision === 'authorise' ? t('signerAuthorised', l, { who: `<@${by}>` }) : t('signerRejected', l, { who: `<@${by}>` }),
  blocks: signerDecidedMessage(l, s, decision, by),
});

export const subjectChanged = (from: string, to: string, l: Locale): Message => ({
  text: t('subjectChanged', l, { from: escapeMrkdwn(from), to: escapeMrkdwn(to) }),
});

/** Which fix an admin must make for a Slack error that retrying cannot cure. */
function fixFor(error: string): 'fixInvite' | 'fixArchived' | 'fixToken' | 'fixOther' {
  if (error === 'not_in_channel' || error === 'channel_not_found') return 'fixInvite';
  if (error === 'is_archived') return 'fixArchived';
  if (/auth|token|account_inactive|scope|not_allowed/.test(error)) return 'fixToken';
  return 'fixOther';
}

/** To the admins: notifications are held on an error only they can fix; the button releases them once fixed. */
export function deliveryHeld(error: string, channel: string | null, l: Locale): Message {
  const where = channel ? t('thisChannel', l, { channel }) : t('someDms', l);
  const text = t('deliveryHeld', l, { where, error: escapeMrkdwn(error), fix: t(fixFor(error), l) });
  return { text, blocks: [section(text), actions('outbox:held', [button(t('retryNow', l), ACTION.outboxRetry, 'held', { style: 'primary' })])] };
}

export const clickAnswer = (m: Messages, l: Locale): Message => ({ text: pick(m, l) });
