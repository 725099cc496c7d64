// Admin surfaces: Party A profile, signers, settings.
import type { ModalView } from '@slack/types';
import type { AccountRow, SignerRow } from '../../db/schema.js';
import { DEFAULT_VENDOR, type Vendor, vendorProfile } from '../../domain/vendors.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { ACTION, BLOCK, CB, SETTINGS } from '../ids.js';
import { actions, type Block, button, context, header, input, modal, option, section, sections, textInput } from './blocks.js';
import { agreementButton } from './prerequisites.js';
import { accountSummaryBlocks, policyBlocks } from './setup.js';
import { maskPhone } from './wizard.js';

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
  // QingCloud's guide: QingCloud seals its contracts itself; the customer never signs, so there is no one to add.
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
  blocks.push(actions('signers', [button(t('requestSigner', l), ACTION.addSigner, 'new', { style: 'primary' })]));
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

/**
 * The admin's settings: the account as set up (with the way back into it), then the set-up's second page for this
 * account's vendor and subject (its kinds, its roles), and the channel language.
 */
export function settingsView(l: Locale, account: AccountRow, roles: { admins?: string[]; approvers: string[]; esignAdmins?: string[] }): ModalView {
  const languages = [option('中文', 'zh'), option('English', 'en')];
  const values = {
    notificationChannel: account.notificationChannel,
    admins: roles.admins ?? [],
    approvers: roles.approvers,
    esignAdmins: roles.esignAdmins ?? [],
    approvalKinds: account.approvalKinds,
    approvalMinTotalCents: account.approvalMinTotalCents,
    vendorPaperAddress: account.vendorPaperAddress,
  };
  return modal(
    CB.settings,
    t('settingsTitle', l),
    [
      ...accountSummaryBlocks(l, account),
      ...policyBlocks(l, account, values, 'settings'),
      input(SETTINGS.language, t('language', l), {
        type: 'static_select',
        action_id: SETTINGS.language,
        options: languages,
        initial_option: languages.find((o) => o.value === account.language) ?? languages[0],
      }),
      // R5: while a subject change waits for its agreement, settings is one place to record it.
      ...(account.subjectChangePending ? [agreementButton(l)] : []),
    ],
    { submit: t('save', l), close: t('cancel', l) },
  );
}
