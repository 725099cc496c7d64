// What an enterprise must have in place before some contracts (R5 subject change, R7 e-sign activation): the refusal
// that says so, with the way through for an admin and the admins' names for everyone else.
import type { ModalView } from '@slack/types';
import type { AccountRow } from '../../db/schema.js';
import { domainError, type Messages } from '../../domain/errors.js';
import { SUPPLEMENTARY_KINDS, type SupplementaryKind } from '../../domain/types.js';
import { vendorProfile } from '../../domain/vendors.js';
import { escapeMrkdwn, type Locale, pick } from '../i18n.js';
import { PREREQ } from '../ids.js';
import { actions, type Block, button, context, input, modal, option, section, textInput } from './blocks.js';

export type Prerequisite = 'esign' | 'subject';
/** Where the agreement form was opened from: the refusal continues to a new contract, settings go back to settings. */
export type AgreementFrom = 'refusal' | 'settings';

const W = {
  refusedTitle: { zh: '需要先完成一步', en: 'One step first' },
  activate: { zh: '开通电子签', en: 'Activate e-sign' },
  activateConfirm: {
    zh: '开通腾讯电子签后，企业可使用双方电子签章签署合同，签署以企业电子印章进行。',
    en: 'Once e-sign is activated, the enterprise can sign on the dual e-seal channel, with its company e-seal.',
  },
  confirm: { zh: '确认开通', en: 'Activate' },
  cancel: { zh: '取消', en: 'Cancel' },
  record: { zh: '登记补充协议', en: 'Record the agreement' },
  askAdmins: { zh: '请联系管理员处理：{admins}', en: 'Ask an admin to do it: {admins}' },
  noAdmins: { zh: '本企业尚未设置管理员，请联系 Slack 工作区管理员。', en: 'This account has no admins yet; ask your Slack workspace admins.' },
  agreementTitle: { zh: '登记补充协议', en: 'Supplementary agreement' },
  subjects: { zh: '实名认证主体由 *{from}* 变更为 *{to}*。', en: 'The verified subject changed from *{from}* to *{to}*.' },
  kind: { zh: '协议类型', en: 'Kind' },
  date: { zh: '签署日期', en: 'Signed on' },
  reference: { zh: '协议编号 / 文号', en: 'Reference' },
  save: { zh: '登记', en: 'Record' },
  activated: { zh: '✅ 电子签已开通，请继续创建合同。', en: '✅ E-sign is activated; carry on with your contract.' },
  recorded: { zh: '✅ 补充协议已登记，可以创建新合同了。', en: '✅ Agreement recorded: new contracts can be created again.' },
} satisfies Record<string, Messages>;

export const AGREEMENT_KIND_LABEL: Record<SupplementaryKind, Messages> = {
  assignment: { zh: '《权利义务转让补充协议》', en: 'Assignment supplementary agreement' },
  name_change_letter: { zh: '《工商更名函》', en: 'Business-name-change letter' },
};

const fill = (s: string, p: Record<string, string>) => s.replace(/\{(\w+)\}/g, (w, k: string) => p[k] ?? w);

/** The refusal itself, with a button for an admin, or the admins to ask for anyone else. */
export function prerequisiteRefusal(l: Locale, which: Prerequisite, who: { isAdmin: boolean; admins: string[] }): ModalView {
  const why = domainError(which === 'esign' ? 'R7_ESIGN_NOT_ACTIVATED' : 'R5_SUBJECT_CHANGED', { esign: vendorProfile('tencent').esignService }).message;
  const blocks: Block[] = [section(`⚠️ ${escapeMrkdwn(pick(why, l))}`)];
  if (who.isAdmin && which === 'esign') {
    const confirm = { title: W.activate[l], text: W.activateConfirm[l], confirm: W.confirm[l], deny: W.cancel[l] };
    blocks.push(actions('prereq', [button(W.activate[l], PREREQ.activate, 'refusal', { style: 'primary', confirm })]));
  } else if (who.isAdmin) {
    blocks.push(actions('prereq', [button(W.record[l], PREREQ.openAgreement, 'refusal', { style: 'primary' })]));
  } else {
    blocks.push(context(who.admins.length ? fill(W.askAdmins[l], { admins: who.admins.map((u) => `<@${u}>`).join(' ') }) : W.noAdmins[l]));
  }
  return modal(PREREQ.refused, W.refusedTitle[l], blocks, { close: W.cancel[l] });
}

export function agreementView(l: Locale, account: Pick<AccountRow, 'previousSubject' | 'verifiedSubject'>, from: AgreementFrom): ModalView {
  const kinds = SUPPLEMENTARY_KINDS.map((k) => option(AGREEMENT_KIND_LABEL[k][l], k));
  return modal(
    PREREQ.agreement,
    W.agreementTitle[l],
    [
      section(fill(W.subjects[l], { from: escapeMrkdwn(account.previousSubject ?? '—'), to: escapeMrkdwn(account.verifiedSubject) })),
      input(PREREQ.kind, W.kind[l], { type: 'static_select', action_id: PREREQ.kind, options: kinds, initial_option: kinds[0] }),
      input(PREREQ.date, W.date[l], { type: 'datepicker', action_id: PREREQ.date }),
      input(PREREQ.reference, W.reference[l], textInput(PREREQ.reference, null, { max: 200 })),
    ],
    { submit: W.save[l], close: W.cancel[l], meta: { from } },
  );
}

/** The button settings shows while a subject change waits for its agreement. */
export const agreementButton = (l: Locale): Block => actions('prereq_settings', [button(W.record[l], PREREQ.openAgreement, 'settings', { style: 'primary' })]);

export const activatedText = (l: Locale): string => W.activated[l];
export const recordedText = (l: Locale): string => W.recorded[l];
