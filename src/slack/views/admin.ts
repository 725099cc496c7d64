// Admin surfaces: Party A profile, signers, settings.
import type { AccountRow, SignerRow } from '../../db/schema.js';
import { KIND_LABEL } from '../../domain/labels.js';
import { KINDS } from '../../domain/types.js';
import { DEFAULT_VENDOR, type Vendor, vendorProfile } from '../../domain/vendors.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import type { ModalView } from '@slack/types';
import { actions, type Block, button, context, header, input, modal, option, plain, section, sections, textInput } from './blocks.js';
import { BLOCK, CB, maskPhone } from './wizard.js';
import { agreementButton } from './prerequisites.js';

export function profileView(
  l: Locale,
  subject: string,
  p: { address: string; contactName: string; phone: string; email: string } | null,
  editable: boolean,
): ModalView {
  const blocks: Block[] = [section(`*${t('partyAName', l)}*\n${escapeMrkdwn(subject)}`)];
  if (!editable) {
    blocks.push(
      section(
        [
          `*${t('address', l)}* ${escapeMrkdwn(p?.address ?? '—')}`,
          `*${t('contactName', l)}* ${escapeMrkdwn(p?.contactName ?? '—')}`,
          `*${t('phone', l)}* ${escapeMrkdwn(p?.phone ?? '—')}`,
          `*${t('email', l)}* ${escapeMrkdwn(p?.email ?? '—')}`,
        ].join('\n'),
      ),
    );
    blocks.push(context(t('adminsOnly', l)));
    return modal(CB.profile, t('profileTitle', l), blocks, { close: t('close', l) });
  }
  blocks.push(
    input(BLOCK.address, t('address', l), textInput(BLOCK.address, p?.address, { max: 200 })),
    input(BLOCK.contactName, t('contactName', l), textInput(BLOCK.contactName, p?.contactName, { max: 100 })),
    input(BLOCK.phone, t('phone', l), textInput(BLOCK.phone, p?.phone, { max: 30 })),
    input(BLOCK.email, t('email', l), textInput(BLOCK.email, p?.email, { max: 200 })),
  );
  return modal(CB.profile, t('profileTitle', l), blocks, { submit: t('save', l), close: t('cancel', l) });
}

export function signersBlocks(l: Locale, personal: boolean, list: SignerRow[], vendor: Vendor = DEFAULT_VENDOR): Block[] {
  // Seed 004: QingCloud seals its contracts itself; the customer never signs, so there is no one to add.
  const p = vendorProfile(vendor);
  if (!p.channels.includes('dual_seal')) return [section(t('noSignersForVendor', l, { vendor: pick(p.name, l) }))];
  if (personal) return [section(pick({ zh: '个人客户由本人签署，无需签署人。', en: 'A personal account signs in person; no signers to manage.' }, l))];
  const blocks: Block[] = [header(t('signersTitle', l))];
  if (!list.length) blocks.push(section(t('noSigners', l)));
  else
    blocks.push(
      ...sections(
        '',
        list.map((s) => `• ${escapeMrkdwn(s.name)} · ${maskPhone(s.phone)}${s.slackUserId ? ` · <@${s.slackUserId}>` : ''}`),
      ),
    );
  blocks.push(actions('signers', [button(t('requestSigner', l), 'signers:new', 'new', { style: 'primary' })]));
  return blocks;
}

/** What an approver's authorisation request turns into once someone decided: who the signer is, and the outcome. */
export function signerDecidedMessage(l: Locale, s: { name: string; phone: string }, decision: 'authorise' | 'reject', by: string): Block[] {
  const outcome = decision === 'authorise' ? t('signerAuthorised', l, { who: `<@${by}>` }) : t('signerRejected', l, { who: `<@${by}>` });
  return [section(`*${escapeMrkdwn(s.name)}* · ${escapeMrkdwn(s.phone)}`), context(outcome)];
}

/** Pushed from the signing step: which view to return to, and its contract, so it can show the new pending signer. */
export interface SignerRequestFrom {
  signingViewId: string;
  contractId: string;
  version: number;
}

export function signerRequestView(l: Locale, from?: SignerRequestFrom): ModalView {
  return modal(
    CB.signerRequest,
    t('requestSigner', l),
    [
      input(BLOCK.signerName, t('signerName', l), textInput(BLOCK.signerName, null, { max: 100 })),
      input(BLOCK.phone, t('signerPhoneLabel', l), textInput(BLOCK.phone, null, { max: 30 })),
      input(BLOCK.signerUser, t('signerUser', l), { type: 'users_select', action_id: BLOCK.signerUser }, { optional: true }),
      context(t('signerAuthWhy', l)),
    ],
    { submit: t('save', l), close: t('cancel', l), ...(from ? { meta: from } : {}) },
  );
}

export const SETTINGS = {
  channel: 'notify_channel',
  approvers: 'approvers',
  esignAdmins: 'esign_admins',
  kinds: 'approval_kinds',
  min: 'approval_min',
  language: 'language',
} as const;

const ESIGN_ADMINS = { zh: '企业电子签管理员', en: 'E-sign administrators' };
const ESIGN_ADMINS_HINT = { zh: '授权新的签署人（审批人不能授权）', en: 'They authorise new signers (approvers cannot)' };

export function settingsView(l: Locale, account: AccountRow, approverIds: string[], esignAdminIds: string[] = []): ModalView {
  const kinds = KINDS.map((k) => option(pick(KIND_LABEL[k], l), k));
  const chosen = kinds.filter((o) => account.approvalKinds.includes(o.value));
  const languages = [option('中文', 'zh'), option('English', 'en')];
  return modal(
    CB.settings,
    t('settingsTitle', l),
    [
      input(
        SETTINGS.channel,
        t('notifyChannel', l),
        {
          type: 'conversations_select',
          action_id: SETTINGS.channel,
          ...(account.notificationChannel ? { initial_conversation: account.notificationChannel } : {}),
        },
        { optional: true },
      ),
      input(
        SETTINGS.approvers,
        t('approvers', l),
        { type: 'multi_users_select', action_id: SETTINGS.approvers, ...(approverIds.length ? { initial_users: approverIds } : {}) },
        { optional: true },
      ),
      input(
        SETTINGS.esignAdmins,
        pick(ESIGN_ADMINS, l),
        { type: 'multi_users_select', action_id: SETTINGS.esignAdmins, ...(esignAdminIds.length ? { initial_users: esignAdminIds } : {}) },
        {
          optional: true,
          hint: pick(ESIGN_ADMINS_HINT, l),
        },
      ),
      input(
        SETTINGS.kinds,
        t('approvalKinds', l),
        { type: 'checkboxes', action_id: SETTINGS.kinds, options: kinds, ...(chosen.length ? { initial_options: chosen } : {}) },
        { optional: true },
      ),
      input(
        SETTINGS.min,
        t('approvalMin', l),
        textInput(SETTINGS.min, account.approvalMinTotalCents !== null ? String(account.approvalMinTotalCents / 100) : null, { max: 15 }),
        { optional: true },
      ),
      input(SETTINGS.language, t('language', l), {
        type: 'static_select',
        action_id: SETTINGS.language,
        options: languages,
        initial_option: languages.find((o) => o.value === account.language) ?? languages[0],
      }),
      context(plain(account.verifiedSubject).text),
      // R5: while a subject change waits for its agreement, settings is one place to record it.
      ...(account.subjectChangePending ? [agreementButton(l)] : []),
    ],
    { submit: t('save', l), close: t('cancel', l) },
  );
}
