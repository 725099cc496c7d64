// An audit event in words: what happened, who did it, when (in the account's time zone, the zone shown) and the move
// between states. `/contract show`, the thread replies and the PDF's audit page all read events through here, so no
// action name, Slack id or `system:` actor reaches a person.
import type { Messages } from './errors.js';
import { ACTION_LABEL, actionLabel, PAPER_FACT_LABEL, stateLabel } from './labels.js';
import { type Action, ACTIONS } from './lifecycle.js';
import { localTime } from './local-time.js';
import type { State } from './types.js';
import type { Vendor } from './vendors.js';

const isAction = (a: string): a is Action => (ACTIONS as readonly string[]).includes(a);

type Lang = keyof Messages;

/** Every action an audit event is written with: the status table's actions and the ones services record beside them. */
export const AUDIT_ACTION_LABEL: Record<string, Messages> = {
  ...ACTION_LABEL,
  create: { zh: '创建', en: 'Created' },
  reminderSent: { zh: '发送提醒', en: 'Reminder sent' },
  filingExpired: { zh: '备案合同到期', en: 'Filing contract expired' },
  flaggedStale: { zh: '标记为停滞', en: 'Marked as stuck' },
  signerRequested: { zh: '申请新签署人', en: 'New signer requested' },
  signerAuthorised: { zh: '授权签署人', en: 'Signer authorised' },
  signerRejected: { zh: '拒绝签署人', en: 'Signer refused' },
  partyAProfileUpdated: { zh: '更新甲方信息', en: 'Party A profile updated' },
  esignActivated: { zh: '激活电子签', en: 'E-sign activated' },
  verifiedSubjectChanged: { zh: '实名认证主体变更', en: 'Verified subject changed' },
  supplementaryAgreementRecorded: { zh: '登记补充协议', en: 'Supplementary agreement recorded' },
  settingsUpdated: { zh: '修改设置', en: 'Settings changed' },
  rolesChanged: { zh: '修改成员角色', en: 'Roles changed' },
  accountSetUp: { zh: '完成账号设置', en: 'Account set up' },
  accountSetUpChanged: { zh: '修改账号设置', en: 'Account set-up changed' },
  memberDeactivated: { zh: '成员的 Slack 账号已停用，角色已移除', en: 'Member deactivated in Slack; roles removed' },
  heldNotificationsRetried: { zh: '重发暂停的通知', en: 'Held notifications sent again' },
  ...PAPER_FACT_LABEL,
  signingCodeConfirmed: { zh: '签署人验证了短信验证码', en: 'Signer confirmed the SMS code' },
  import: { zh: '导入订单、账单或备案号', en: 'Orders, bills or filing numbers imported' },
  tencentKeySet: { zh: '设置腾讯云 API 密钥（用于同步订单）', en: 'Tencent Cloud API key set (to sync orders)' },
  tencentSyncFailed: { zh: '腾讯云订单每日同步未成功，已通知管理员', en: 'Daily Tencent Cloud order sync failed; admins told' },
};

/** An action this table does not know yet still reads as words, never as its key. */
const OTHER: Messages = { zh: '其他操作', en: 'Other change' };

export const actionWords = (action: string, l: Lang, vendor: Vendor): string =>
  (isAction(action) ? actionLabel(action, vendor) : (AUDIT_ACTION_LABEL[action] ?? OTHER))[l];

const SYSTEM_ACTORS: Record<string, Messages> = {
  esign: { zh: '系统（电子签）', en: 'System (e-sign)' },
  reminders: { zh: '系统（提醒）', en: 'System (reminders)' },
  paper: { zh: '系统（纸质合同）', en: 'System (paper office)' },
  slack: { zh: '系统（Slack）', en: 'System (Slack)' },
};
const SYSTEM: Messages = { zh: '系统', en: 'System' };
const SOMEONE: Messages = { zh: '工作区成员', en: 'A workspace member' };

/**
 * Who acted, by name: a Slack user's display name (members) or a signer's name, or the system part that acted.
 * `names` maps a Slack user id to the name people know them by; an id with no name reads as a member, not as the id.
 */
export function actorWords(actor: string, names: ReadonlyMap<string, string>, l: Lang): string {
  if (actor === 'system') return SYSTEM[l];
  if (actor.startsWith('system:')) return (SYSTEM_ACTORS[actor.slice(7)] ?? SYSTEM)[l];
  const name = names.get(actor)?.trim();
  return name || SOMEONE[l];
}

const zoneNames = new Map<string, string>();
/** A time zone as people name it in their language (中国标准时间, China Standard Time), not its database key. */
export function zoneWords(timeZone: string, l: Lang): string {
  const key = `${timeZone}|${l}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    const f = new Intl.DateTimeFormat(l === 'zh' ? 'zh-CN' : 'en-US', { timeZone, timeZoneName: 'longGeneric' });
    name = f.formatToParts(new Date(0)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    zoneNames.set(key, name);
  }
  return name;
}

/** `2026-11-30 08:43（中国标准时间）`: the time where the account is, with the zone, so no one converts from UTC. */
export function timeWords(at: Date, timeZone: string, l: Lang, opts: { seconds?: boolean } = {}): string {
  const zone = zoneWords(timeZone, l);
  return l === 'zh' ? `${localTime(at, timeZone, opts)}（${zone}）` : `${localTime(at, timeZone, opts)} (${zone})`;
}

/** The move between states; a step that stays in its state names the state once, not "X → X". */
export function moveWords(from: State | null, to: State | null, l: Lang, vendor: Vendor): string {
  const label = (s: State | null) => (s ? stateLabel(s, vendor)[l] : '—');
  if (!to) return from ? label(from) : '';
  if (!from || (from.status === to.status && from.subStatus === to.subStatus)) return label(to);
  return `${label(from)} → ${label(to)}`;
}

export interface AuditEventLike {
  at: Date;
  actor: string;
  action: string;
  from: State | null;
  to: State | null;
}

export interface AuditWords {
  when: string;
  who: string;
  what: string;
  move: string;
}

export function auditEventWords(e: AuditEventLike, opts: { names: ReadonlyMap<string, string>; timeZone: string; vendor: Vendor }, l: Lang): AuditWords {
  const v = opts.vendor;
  return {
    when: timeWords(e.at, opts.timeZone, l),
    who: actorWords(e.actor, opts.names, l),
    what: actionWords(e.action, l, v),
    move: moveWords(e.from, e.to, l, v),
  };
}

/** A stored row's columns as the event the words are made from. */
export function eventFromRow(r: {
  at: Date;
  actor: string;
  action: string;
  fromStatus: State['status'] | null;
  fromSubStatus: State['subStatus'];
  toStatus: State['status'] | null;
  toSubStatus: State['subStatus'];
}): AuditEventLike {
  return {
    at: r.at,
    actor: r.actor,
    action: r.action,
    from: r.fromStatus ? { status: r.fromStatus, subStatus: r.fromSubStatus } : null,
    to: r.toStatus ? { status: r.toStatus, subStatus: r.toSubStatus } : null,
  };
}
