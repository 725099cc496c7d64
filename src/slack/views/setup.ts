// Set-up (R17, issue 24): what a workspace without an account shows (Home, any /contract), the set-up modal's two
// pages (the cloud account and Party A; then notifications, roles and approvals), and what admins hear when a
// deactivated member leaves a role empty. Pure: the listeners decide who may set up and whom to ask.
import type { HomeView, ModalView } from '@slack/types';
import { zoneWords } from '../../domain/audit.js';
import type { Messages } from '../../domain/errors.js';
import { FIELD_LABEL } from '../../domain/inputs.js';
import { KIND_LABEL } from '../../domain/labels.js';
import { esignAdminApplies, type Role, ROLE_LABEL, type SetupRight } from '../../domain/roles.js';
import type { Kind, SubjectType } from '../../domain/types.js';
import { type Vendor, vendorProfile, VENDORS } from '../../domain/vendors.js';
import type { AccountSetup } from '../../services/account-setup.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { POLICY_BLOCK, SETUP_ACTION, SETUP_BLOCK, SETUP_CB } from '../ids.js';
import { actions, type Block, button, context, header, input, modal, option, section, textInput } from './blocks.js';

const W = {
  unlinkedTitle: { zh: '合同助手尚未设置', en: 'Contract desk is not set up yet' },
  unlinkedBody: {
    zh: '此 Slack 工作区还没有关联云账号。设置需要：云厂商（腾讯云或 QingCloud）、云账号 ID、实名认证主体与甲方信息、通知频道、审批人和审批规则，约 2 分钟。',
    en: 'This Slack workspace is not linked to a cloud account yet. Setting it up takes the vendor (Tencent Cloud or QingCloud), the cloud account ID, the verified subject and Party A details, a notification channel, approvers and the approval policy: about two minutes.',
  },
  right: {
    installer: { zh: '您安装了本应用，可以现在完成设置。', en: 'You installed the app, so you can set it up now.' },
    owner: { zh: '您是工作区所有者，可以现在完成设置。', en: 'You are an owner of this workspace, so you can set it up now.' },
    admin: { zh: '您是工作区管理员，可以现在完成设置。', en: 'You are an admin of this workspace, so you can set it up now.' },
  } satisfies Record<SetupRight, Messages>,
  setUp: { zh: '开始设置', en: 'Set up' },
  ask: {
    zh: '请联系 {who} 完成设置：安装本应用的成员或工作区管理员、所有者可以设置。',
    en: 'Ask {who} to set it up: whoever installed the app, or a workspace admin or owner, can.',
  },
  askAnyone: {
    zh: '请联系安装本应用的成员或工作区管理员、所有者完成设置。',
    en: 'Ask whoever installed the app, or a workspace admin or owner, to set it up.',
  },
  title: { zh: '设置合同助手', en: 'Set up contract desk' },
  editTitle: { zh: '账号设置', en: 'Account set-up' },
  step1: { zh: '第 1 步（共 2 步）：云账号与甲方信息', en: 'Step 1 of 2: the cloud account and Party A' },
  step2: { zh: '第 2 步（共 2 步）：通知、角色与审批', en: 'Step 2 of 2: notifications, roles and approvals' },
  finish: { zh: '完成设置', en: 'Finish set-up' },
  vendor: { zh: '云厂商', en: 'Cloud vendor' },
  vendorOffers: {
    tencent: { zh: '框架、订单、备案合同；单方或双方电子签章；可申请纸质合同', en: 'Framework, order and filing contracts; one or both sign; paper copies' },
    qingcloud: { zh: '框架、消费、充值合同；由 QingCloud 盖电子章，立即生效', en: 'Framework, consumption and recharge contracts; QingCloud seals at once' },
  } satisfies Record<Vendor, Messages>,
  vendorOnce: {
    zh: '有合同后云厂商不能再更改（合同的乙方即该云厂商）。',
    en: 'Once a contract exists the vendor cannot change (it is Party B of every contract).',
  },
  vendorFixed: {
    zh: '已有合同（{number}），云厂商不能再更改：每份合同的乙方都是{vendor}。',
    en: 'Contract {number} exists, so the vendor cannot change: every contract names {vendor} as Party B.',
  },
  cloudAccountHint: { zh: '云控制台「账号信息」中显示的账号 ID', en: 'The account ID the cloud console shows under account info' },
  subjectWarning: {
    zh: '⚠️ 申请合同前需完成实名认证，甲方信息必须与实名认证保持一致；如需修改甲方名称，请先修改实名认证信息。',
    en: '⚠️ Contracts need a completed real-name verification, and Party A must match the verified subject; to change Party A’s name, change the real-name verification first.',
  },
  subjectChangeLater: {
    zh: '已有合同时变更实名认证主体，需登记《权利义务转让补充协议》（工商更名为《工商更名函》）后才能创建新合同。',
    en: 'Changing the verified subject once contracts exist blocks new contracts until an assignment agreement (or a business-name-change letter) is recorded.',
  },
  subjectType: { zh: '主体类型', en: 'Subject type' },
  subjectTypes: { enterprise: { zh: '企业', en: 'Enterprise' }, personal: { zh: '个人', en: 'Individual' } } satisfies Record<SubjectType, Messages>,
  subjectTypeFixed: {
    zh: '已有合同（{number}），主体类型不能再更改。',
    en: 'Contract {number} exists, so the subject type cannot change.',
  },
  partyA: { zh: '甲方信息（印在合同上的联系方式）', en: 'Party A (the contact details printed on contracts)' },
  language: { zh: '频道语言（合同线程与频道通知）', en: 'Channel language (contract threads and channel posts)' },
  timeZoneHint: { zh: '合同时间与提醒按此时区显示', en: 'Times and reminders are shown in this zone' },
  channelHint: {
    zh: '每份合同在此频道有一个线程；私有频道请先输入 /invite @contract-desk 邀请本应用',
    en: 'Each contract gets a thread here; invite the app to a private channel first (/invite @contract-desk)',
  },
  admins: { zh: '管理员', en: 'Admins' },
  adminsHintNew: { zh: '可修改设置；您会自动成为管理员', en: 'They change settings; you become one automatically' },
  adminsHint: { zh: '可修改设置，至少一位', en: 'They change settings; at least one' },
  approversHint: {
    zh: '审批需要审批的合同；申请人不能审批自己的合同',
    en: 'They approve the contracts that need it; nobody approves their own',
  },
  esignAdmins: { zh: '企业电子签管理员', en: 'E-sign administrators' },
  esignAdminsHint: { zh: '授权新的签署人（审批人不能授权）', en: 'They authorise new signers (approvers cannot)' },
  paperAddressHint: {
    zh: '申请纸质合同的同事把盖章后的合同寄到这里。{vendor}没有公开统一的地址，请向客户经理或客服确认。',
    en: 'Requesters of paper copies mail their stamped copy here. {vendor} publishes no single address: ask your account manager or support.',
  },
  done: {
    zh: '✅ 设置完成：此工作区已关联{vendor}账号 {id}（{subject}）。现在可以用 /contract new 创建合同，管理员可用 /contract settings 修改设置。',
    en: '✅ Set up: this workspace is linked to {vendor} account {id} ({subject}). Create contracts with /contract new; admins change settings with /contract settings.',
  },
  account: { zh: '云账号', en: 'Cloud account' },
  editAccount: { zh: '修改账号与甲方信息', en: 'Edit account and Party A' },
  rolesEmptied: {
    zh: '⚠️ {who} 的 Slack 账号已停用，已移除其在合同助手中的全部角色。现在没有{roles}：请在 /contract settings 中指定。',
    en: '⚠️ {who} was deactivated in Slack and lost every role here. There is now no {roles}: appoint one with /contract settings.',
  },
  approverNeeded: {
    zh: '需要审批的合同会一直停在「待审批」，直到有审批人。',
    en: 'Contracts that need approval wait until there is an approver.',
  },
} as const;

/** A list of mentions as a sentence reads it: 「A、B 或 C」, "A, B or C". */
function anyOf(ids: string[], l: Locale): string {
  const m = ids.map((id) => `<@${id}>`);
  if (m.length < 2) return m.join('');
  return l === 'zh' ? `${m.slice(0, -1).join('、')} 或 ${m.at(-1)}` : `${m.slice(0, -1).join(', ')} or ${m.at(-1)}`;
}

/** Whom to ask, as one sentence (a click from someone who may not set up is answered with it). */
export const askText = (l: Locale, ask: string[]): string => (ask.length ? pick(W.ask, l).replace('{who}', anyOf(ask, l)) : pick(W.askAnyone, l));

/** The way forward in a workspace without an account: a Set up button for those who may, whom to ask for the rest. */
export function unlinkedBlocks(l: Locale, o: { right: SetupRight | null; ask: string[] }): Block[] {
  const blocks: Block[] = [header(pick(W.unlinkedTitle, l)), section(pick(W.unlinkedBody, l))];
  if (o.right) {
    blocks.push(section(pick(W.right[o.right], l)), actions('setup', [button(pick(W.setUp, l), SETUP_ACTION.open, 'open', { style: 'primary' })]));
  } else {
    blocks.push(section(askText(l, o.ask)));
  }
  return blocks;
}

export const unlinkedText = (l: Locale): string => pick(W.unlinkedTitle, l);

export function unlinkedHomeView(l: Locale, o: { right: SetupRight | null; ask: string[] }): HomeView {
  return { type: 'home', blocks: unlinkedBlocks(l, o) };
}

/** What page one holds, typed or chosen (a refused submission shows again what was typed): what the set-up saves. */
export type AccountValues = AccountSetup;

/** Zones a company contracting with a Chinese cloud vendor is likely in; the account's own is added when not listed. */
const ZONES: { id: string; name: Messages }[] = [
  { id: 'Asia/Shanghai', name: { zh: '北京时间', en: 'Beijing, China' } },
  { id: 'Asia/Hong_Kong', name: { zh: '香港', en: 'Hong Kong' } },
  { id: 'Asia/Taipei', name: { zh: '台北', en: 'Taipei' } },
  { id: 'Asia/Singapore', name: { zh: '新加坡', en: 'Singapore' } },
  { id: 'Asia/Tokyo', name: { zh: '东京', en: 'Tokyo' } },
  { id: 'Asia/Seoul', name: { zh: '首尔', en: 'Seoul' } },
  { id: 'Asia/Kolkata', name: { zh: '印度', en: 'India' } },
  { id: 'Asia/Dubai', name: { zh: '迪拜', en: 'Dubai' } },
  { id: 'Europe/London', name: { zh: '伦敦', en: 'London' } },
  { id: 'Europe/Berlin', name: { zh: '柏林', en: 'Berlin' } },
  { id: 'America/New_York', name: { zh: '纽约', en: 'New York' } },
  { id: 'America/Los_Angeles', name: { zh: '洛杉矶', en: 'Los Angeles' } },
  { id: 'Australia/Sydney', name: { zh: '悉尼', en: 'Sydney' } },
  { id: 'UTC', name: { zh: '协调世界时', en: 'Coordinated Universal Time' } },
];

/** UTC+8, UTC-7, UTC+5:30: a zone's offset today, as Intl gives it (GMT+8), written as both languages write it. */
function offset(tz: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en', { timeZone: tz, timeZoneName: 'shortOffset' }).formatToParts(new Date());
    const name = parts.find((p) => p.type === 'timeZoneName')?.value;
    return name ? name.replace(/^GMT/, 'UTC').replace(/^UTC$/, 'UTC+0') : '';
  } catch {
    return '';
  }
}

function zoneOptions(l: Locale, current: string) {
  // A zone off the list is named as people name it in their language (zoneWords), never by its database key.
  const zones =
    ZONES.some((z) => z.id === current) || !current ? ZONES : [...ZONES, { id: current, name: { zh: zoneWords(current, 'zh'), en: zoneWords(current, 'en') } }];
  return zones.map((z) => {
    const at = offset(z.id);
    const name = pick(z.name, l);
    return option(!at ? name : l === 'zh' ? `${name}（${at}）` : `${name} (${at})`, z.id);
  });
}

export interface AccountViewOptions {
  mode: 'new' | 'edit';
  /** The first contract of the account, when there is one: the vendor and subject type are fixed (R17). */
  firstContract?: string | null;
  /** Errors to show with the view (Slack shows a refused submission's own; this is for a reopened one). */
  meta?: unknown;
}

/** Page one: the vendor, the cloud account, the verified subject with the vendors' warning, Party A, language and zone. */
export function accountSetupView(l: Locale, v: AccountValues, o: AccountViewOptions): ModalView {
  const vendors = VENDORS.map((x) => option(pick(vendorProfile(x).name, l), x, pick(W.vendorOffers[x], l)));
  const types = (['enterprise', 'personal'] as const).map((x) => option(pick(W.subjectTypes[x], l), x));
  const languages = [option('中文', 'zh'), option('English', 'en')];
  const fixed = o.firstContract;
  const vendorHint = fixed
    ? pick(W.vendorFixed, l)
        .replace('{number}', fixed)
        .replace('{vendor}', pick(vendorProfile(v.vendor).name, l))
    : pick(W.vendorOnce, l);
  const subjectHint = `${pick(W.subjectWarning, l)}${o.mode === 'edit' ? `\n${pick(W.subjectChangeLater, l)}` : ''}`;
  const zones = zoneOptions(l, v.timeZone);
  const blocks: Block[] = [
    ...(o.mode === 'new' ? [context(pick(W.step1, l))] : []),
    input(
      SETUP_BLOCK.vendor,
      pick(W.vendor, l),
      { type: 'radio_buttons', action_id: SETUP_BLOCK.vendor, options: vendors, initial_option: vendors.find((x) => x.value === v.vendor) ?? vendors[0] },
      { hint: vendorHint },
    ),
    input(SETUP_BLOCK.cloudAccountId, pick(FIELD_LABEL.cloudAccountId, l), textInput(SETUP_BLOCK.cloudAccountId, v.cloudAccountId, { max: 64 }), {
      hint: pick(W.cloudAccountHint, l),
    }),
    input(SETUP_BLOCK.verifiedSubject, pick(FIELD_LABEL.verifiedSubject, l), textInput(SETUP_BLOCK.verifiedSubject, v.verifiedSubject, { max: 200 }), {
      hint: subjectHint,
    }),
    input(
      SETUP_BLOCK.subjectType,
      pick(W.subjectType, l),
      { type: 'radio_buttons', action_id: SETUP_BLOCK.subjectType, options: types, initial_option: types.find((x) => x.value === v.subjectType) ?? types[0] },
      fixed ? { hint: pick(W.subjectTypeFixed, l).replace('{number}', fixed) } : {},
    ),
    context(pick(W.partyA, l)),
    input(SETUP_BLOCK.address, t('address', l), textInput(SETUP_BLOCK.address, v.address, { max: 200 })),
    input(SETUP_BLOCK.contactName, t('contactName', l), textInput(SETUP_BLOCK.contactName, v.contactName, { max: 100 })),
    input(SETUP_BLOCK.phone, t('phone', l), textInput(SETUP_BLOCK.phone, v.phone, { max: 30 })),
    input(SETUP_BLOCK.email, t('email', l), textInput(SETUP_BLOCK.email, v.email, { max: 200 })),
    input(SETUP_BLOCK.language, pick(W.language, l), {
      type: 'static_select',
      action_id: SETUP_BLOCK.language,
      options: languages,
      initial_option: languages.find((x) => x.value === v.language) ?? languages[0],
    }),
    input(
      SETUP_BLOCK.timeZone,
      pick(FIELD_LABEL.timeZone, l),
      { type: 'static_select', action_id: SETUP_BLOCK.timeZone, options: zones, initial_option: zones.find((x) => x.value === v.timeZone) ?? zones[0] },
      { hint: pick(W.timeZoneHint, l) },
    ),
  ];
  const edit = o.mode === 'edit';
  return modal(edit ? SETUP_CB.accountEdit : SETUP_CB.account, pick(edit ? W.editTitle : W.title, l), blocks, {
    submit: edit ? t('save', l) : t('next', l),
    close: t('cancel', l),
    ...(o.meta !== undefined ? { meta: o.meta } : {}),
  });
}

/** What page two and the settings show and take: the notification channel, roles and the approval policy. */
export interface PolicyValues {
  notificationChannel: string | null;
  admins: string[];
  approvers: string[];
  esignAdmins: string[];
  approvalKinds: readonly string[];
  approvalMinTotalCents: number | null;
  vendorPaperAddress: string | null;
}

/** The inputs of page two and of the settings, for this vendor and subject: its kinds only, its roles only. */
export function policyBlocks(l: Locale, a: { vendor: Vendor; subjectType: SubjectType }, v: PolicyValues, mode: 'new' | 'settings'): Block[] {
  const p = vendorProfile(a.vendor);
  const kinds = p.kinds.map((k) => option(pick(KIND_LABEL[k], l), k));
  const chosen = kinds.filter((o) => v.approvalKinds.includes(o.value as Kind));
  const users = (id: string, ids: string[]) => ({ type: 'multi_users_select' as const, action_id: id, ...(ids.length ? { initial_users: ids } : {}) });
  const blocks: Block[] = [
    input(
      POLICY_BLOCK.channel,
      t('notifyChannel', l),
      { type: 'conversations_select', action_id: POLICY_BLOCK.channel, ...(v.notificationChannel ? { initial_conversation: v.notificationChannel } : {}) },
      { optional: true, hint: pick(W.channelHint, l) },
    ),
    input(POLICY_BLOCK.admins, pick(W.admins, l), users(POLICY_BLOCK.admins, v.admins), {
      optional: mode === 'new',
      hint: pick(mode === 'new' ? W.adminsHintNew : W.adminsHint, l),
    }),
    input(POLICY_BLOCK.approvers, t('approvers', l), users(POLICY_BLOCK.approvers, v.approvers), { optional: true, hint: pick(W.approversHint, l) }),
  ];
  if (esignAdminApplies(a)) {
    blocks.push(
      input(POLICY_BLOCK.esignAdmins, pick(W.esignAdmins, l), users(POLICY_BLOCK.esignAdmins, v.esignAdmins), {
        optional: true,
        hint: pick(W.esignAdminsHint, l),
      }),
    );
  }
  blocks.push(
    input(
      POLICY_BLOCK.kinds,
      t('approvalKinds', l),
      { type: 'checkboxes', action_id: POLICY_BLOCK.kinds, options: kinds, ...(chosen.length ? { initial_options: chosen } : {}) },
      { optional: true },
    ),
    input(
      POLICY_BLOCK.min,
      t('approvalMin', l),
      textInput(POLICY_BLOCK.min, v.approvalMinTotalCents !== null ? String(v.approvalMinTotalCents / 100) : null, { max: 20 }),
      { optional: true },
    ),
  );
  if (p.paperCopies) {
    blocks.push(
      input(POLICY_BLOCK.paperAddress, pick(FIELD_LABEL.vendorPaperAddress, l), textInput(POLICY_BLOCK.paperAddress, v.vendorPaperAddress, { max: 200 }), {
        optional: true,
        hint: pick(W.paperAddressHint, l).replace('{vendor}', pick(p.name, l)),
      }),
    );
  }
  return blocks;
}

/** Page two of a new set-up, pushed over page one; page one's values ride in its metadata. */
export function rolesSetupView(l: Locale, a: AccountValues, v: PolicyValues): ModalView {
  return modal(SETUP_CB.roles, pick(W.title, l), [context(pick(W.step2, l)), ...policyBlocks(l, a, v, 'new')], {
    submit: pick(W.finish, l),
    close: t('cancel', l),
    meta: a,
  });
}

/** Settings' first lines: the account as set up, and the way back into page one. */
export function accountSummaryBlocks(l: Locale, a: { vendor: Vendor; cloudAccountId: string | null; verifiedSubject: string }): Block[] {
  const id = a.cloudAccountId ? ` · ${escapeMrkdwn(a.cloudAccountId)}` : '';
  return [
    section(
      `*${pick(W.account, l)}* ${pick(vendorProfile(a.vendor).name, l)}${id}\n*${pick(FIELD_LABEL.verifiedSubject, l)}* ${escapeMrkdwn(a.verifiedSubject)}`,
      {
        accessory: button(pick(W.editAccount, l), SETUP_ACTION.edit, 'edit'),
      },
    ),
  ];
}

export const setupDoneText = (l: Locale, a: { vendor: Vendor; cloudAccountId: string | null; verifiedSubject: string }): string =>
  pick(W.done, l)
    .replace('{vendor}', pick(vendorProfile(a.vendor).name, l))
    .replace('{id}', escapeMrkdwn(a.cloudAccountId ?? ''))
    .replace('{subject}', escapeMrkdwn(a.verifiedSubject));

/** The DM to admins (or, with none left, to whoever installed the app) when a deactivated member left roles empty. */
export function rolesEmptiedMessage(p: { userId: string; name: string; roles: Role[] }, l: Locale): { text: string; blocks: Block[] } {
  const who = p.name ? `${escapeMrkdwn(p.name)}（<@${p.userId}>）` : `<@${p.userId}>`;
  const whoEn = p.name ? `${escapeMrkdwn(p.name)} (<@${p.userId}>)` : `<@${p.userId}>`;
  const roles = p.roles.map((r) => pick(ROLE_LABEL[r], l)).join(l === 'zh' ? '、' : ' and no ');
  let text = pick(W.rolesEmptied, l)
    .replace('{who}', l === 'zh' ? who : whoEn)
    .replace('{roles}', roles);
  if (p.roles.includes('approver')) text += `${l === 'zh' ? '' : ' '}${pick(W.approverNeeded, l)}`;
  return { text, blocks: [section(text)] };
}
