// The words shared by many Slack surfaces (`T`, read with `t`), in Chinese and English, and how a person's language is
// chosen: modals, DMs and the Home tab follow the user's locale; channel posts follow the account's channel language.
// Not every word is here: domain words live beside their rule (labels, refusals, audit events, vendor words in
// src/domain/), and a view's words used by that view alone sit in the view as a { zh, en } pair (docs/languages.md).
import type { Messages } from '../domain/errors.js';
// A field's label on the form and in its errors is one word: the input layer's.
import { FIELD_LABEL } from '../domain/inputs.js';
// A button that does an action of the status table says what the status table calls it.
import { ACTION_LABEL } from '../domain/labels.js';

export type Locale = 'zh' | 'en';

export const pick = (m: Messages, l: Locale): string => m[l];

/** The account's language: channel posts follow it, and it is the fallback when Slack has no locale for a person. */
export const accountLocale = (account: { language: string } | null | undefined): Locale => (account?.language === 'en' ? 'en' : 'zh');

/** Slack locales look like zh-CN, zh-TW, en-US, ja-JP: Chinese for zh-*, English for the rest. */
export const localeFromSlack = (slackLocale: string | undefined, fallback: Locale): Locale =>
  slackLocale ? (slackLocale.toLowerCase().startsWith('zh') ? 'zh' : 'en') : fallback;

const T = {
  helpTitle: { zh: '合同助手 · 使用说明', en: 'Contract desk · help' },
  helpBody: {
    zh: '*/contract new* 创建合同（{kinds}）\n*/contract list* 我的合同\n*/contract show HT-2026-000123* 查看合同与操作记录\n*/contract party* 甲方信息\n{signers}*/contract verify <内容指纹>* 核验 PDF 是否由我们出具（输入 PDF 末页印的内容指纹）\n*/contract settings* 设置（管理员）',
    en: '*/contract new* create a contract ({kinds})\n*/contract list* my contracts\n*/contract show HT-2026-000123* a contract and its history\n*/contract party* Party A details\n{signers}*/contract verify <fingerprint>* check that we issued a PDF (type the content fingerprint on its last page)\n*/contract settings* settings (admins)',
  },
  helpImport: {
    zh: '*/contract import* 导入{what}（管理员；也可在主页点「导入订单」）',
    en: '*/contract import* import {what} (admins; or Import items on Home)',
  },
  importAdminsOnly: { zh: '只有管理员可以导入订单、账单和备案号。', en: 'Only admins can import orders, bills and filing numbers.' },
  unknownWorkspace: { zh: '此 Slack 工作区尚未关联云账号，请联系管理员。', en: 'This Slack workspace is not linked to a cloud account yet; ask an admin.' },
  newTitle: { zh: '创建合同', en: 'New contract' },
  next: { zh: '下一步', en: 'Next' },
  cancel: { zh: '取消', en: 'Cancel' },
  close: { zh: '关闭', en: 'Close' },
  save: { zh: '保存', en: 'Save' },
  kind: { zh: '合同类型', en: 'Contract kind' },
  chooseKind: { zh: '请选择合同类型', en: 'Choose a contract kind' },
  chooseChannel: { zh: '请选择电子签章方式', en: 'Choose a seal channel' },
  chooseSigner: { zh: '请选择签署人', en: 'Choose a signer' },
  expectWait: { zh: '预计{duration}', en: 'Expected in {duration}' },
  ordersHintQing: {
    zh: '{kind}可选：{types}。这一划分是本应用的约定（QingCloud 文档只说两种合同都附带消费记录、适用于消费后报销）：消费合同收先用后付的记录，充值合同收先付后用的记录。',
    en: 'A {kind} takes {types}. This split is ours (QingCloud says only that both carry usage records for reimbursement): consumption takes what is paid after use, recharge what is paid before.',
  },

  noEligibleOrders: { zh: '没有符合条件的订单：换个订单号或产品名称试试', en: 'No eligible orders: try another order id or product' },
  noEligibleFilings: { zh: '没有符合条件的备案号：换个备案号或域名试试', en: 'No eligible filing numbers: try another number or domain' },
  showUsage: {
    zh: '请在 `/contract show` 后输入合同编号，例如 `/contract show HT-2026-000123`；`/contract list` 列出您的合同。',
    en: 'Type a contract number after show, e.g. `/contract show HT-2026-000123`; `/contract list` lists yours.',
  },
  channel: { zh: '电子签章方式', en: 'Seal channel' },
  channelWarning: {
    zh: '⚠️ 单方或双方电子签章均具有法律效力，一经生成无法修改内容；签章方式选定后不能更改。',
    en: '⚠️ Both channels are legally binding and the content cannot be changed once generated; the channel cannot be changed later.',
  },
  // Option descriptions take at most 75 characters (Slack refuses the whole modal past that): what does not fit goes
  // to the context block below the options.
  dualHint: { zh: '双方签署：企业用电子印章，个人用签名', en: 'Both sign: an enterprise with its e-seal, a person with a signature' },
  dualActivation: { zh: '选择双方电子签章的企业需先激活腾讯电子签。', en: 'An enterprise choosing the dual e-seal activates e-sign first.' },
  ordersTitle: { zh: '选择订单', en: 'Choose orders' },
  filingsTitle: { zh: '选择备案号', en: 'Choose filing numbers' },
  ordersLabel: { zh: '订单（最多 30 个，输入订单号或产品搜索）', en: 'Orders (up to 30; type an order id or product)' },
  filingsLabel: { zh: '备案号（最多 20 个）', en: 'Filing numbers (up to 20)' },
  ordersHint: {
    zh: '支持预付费订单、2018 年 9 月后的后付费订单；退款订单需保证合同总金额 ≥ 0。月结账单与云市场订单不能生成合同。',
    en: 'Prepaid orders and postpaid orders from September 2018 on; refunds only while the total stays ≥ 0. Monthly bills and marketplace orders cannot go into a contract.',
  },
  eligible: { zh: '可选', en: 'Eligible' },
  notEligible: { zh: '不可选', en: 'Not eligible' },
  partyATitle: { zh: '甲方信息', en: 'Party A' },
  partyAName: { zh: '甲方名称（与实名认证一致，不可修改）', en: 'Party A name (the verified subject; not editable)' },
  address: FIELD_LABEL.address,
  contactName: FIELD_LABEL.contactName,
  phone: FIELD_LABEL.phone,
  email: FIELD_LABEL.email,
  saveDraft: { zh: '保存合同草稿', en: 'Save draft' },
  oneChannelWarning: {
    zh: '⚠️ 合同草稿不具有法律效力；转为正式合同后加盖电子章，具有法律效力，不能修改或作废。',
    en: '⚠️ A draft has no legal effect; once converted, the formal contract is sealed, legally binding and cannot be changed or voided.',
  },
  draftReadyNow: {
    zh: '合同草稿 *{number}* 已生成（未盖电子章，不具有法律效力）。点击「立即转为正式合同」即可生效；不需要的话，可返回合同管理，在合同申请记录中废弃。',
    en: 'Draft *{number}* is ready (unsealed, not legally binding). Press "Convert to formal now" to make it effective; if you do not need it, go back to the contract record and discard it there.',
  },
  convertedNow: {
    zh: '转为正式合同成功：*{number}* 已生效，具有法律效力，可直接下载使用。',
    en: 'Converted: *{number}* is now formal and legally binding; download it any time.',
  },
  partyANotConfirmed: { zh: '请勾选「请确认以上甲方信息真实有效」', en: 'Tick "I confirm the Party A details above are true and valid"' },
  doneTitle: { zh: '已提交', en: 'Submitted' },
  draftSaved: {
    zh: '合同 *{number}* 已保存，草稿生成中（{duration}）。进度会发到合同线程和您的主页。',
    en: 'Contract *{number}* saved; the draft is being generated ({duration}). Progress goes to its thread and your Home tab.',
  },
  partyAFilled: {
    zh: '甲方信息已保存，合同 *{number}* 草稿生成中（{duration}）。生成后请在主页确认合同文本。',
    en: 'Party A saved; the draft of *{number}* is being generated ({duration}). Confirm its text from your Home tab when it is ready.',
  },
  confirmTextTitle: { zh: '确认合同文本', en: 'Confirm the text' },
  confirmTextBody: { zh: '请下载并核对合同草稿：{link}\n确认无误后进入下一步。', en: 'Download and check the draft: {link}\nContinue when it is right.' },
  draftLink: { zh: '合同草稿 PDF', en: 'draft PDF' },
  formalLink: { zh: '正式合同 PDF', en: 'formal contract PDF' },
  signingTitle: { zh: '确认签署信息', en: 'Signing info' },
  signer: { zh: '签署人（已授权）', en: 'Signer (authorised)' },
  noSigners: {
    zh: '还没有已授权的签署人。申请新签署人后，经企业电子签管理员授权即可选用。',
    en: 'No authorised signer yet. Request a new one; once the e-sign administrator has authorised them, they can be chosen.',
  },
  signPhone: FIELD_LABEL.signPhone,
  startSigning: ACTION_LABEL.startSigning,
  signingStarted: { zh: '签署短信已发送给 {name}（{phone}）。', en: 'The signing SMS went to {name} ({phone}).' },
  sentToApproval: { zh: '合同 *{number}* 已提交审批。', en: 'Contract *{number}* went to the approvers.' },
  rejectTitle: { zh: '驳回原因', en: 'Reason to reject' },
  rejectLabel: { zh: '请说明驳回原因（申请人会看到）', en: 'Why? (the requester will see this)' },
  reject: ACTION_LABEL.reject,
  approve: ACTION_LABEL.approve,
  approvalRequest: { zh: '*{requester}* 申请的 {kind} *{number}* 需要您审批', en: '*{requester}* asks for approval of {kind} *{number}*' },
  approvedBy: { zh: '✅ 已由 {who} 批准', en: '✅ Approved by {who}' },
  rejectedBy: { zh: '❌ 已由 {who} 驳回：{reason}', en: '❌ Rejected by {who}: {reason}' },
  decidedElsewhere: { zh: '该审批已处理，无需重复操作。', en: 'This approval was already decided; nothing changed.' },
  signRequest: {
    zh: '📱 请签署合同 *{number}*（{kind}，甲方 {partyA}，金额 {total}）。此消息代替短信，点击「签署」在模拟电子签中完成签署。',
    en: '📱 Please sign contract *{number}* ({kind}, Party A {partyA}, total {total}). This message stands in for the SMS: press Sign to sign in the simulated e-sign app.',
  },
  sign: { zh: '签署', en: 'Sign' },
  readBeforeSigning: { zh: '签署前请阅读合同：', en: 'Read the contract before signing:' },
  signed: { zh: '✍️ 已签署，等待腾讯云签章（{duration}）。', en: '✍️ Signed; waiting for the vendor seal ({duration}).' },
  notTheSigner: { zh: '只有本合同的签署人可以签署。', en: 'Only the signer of this contract can sign it.' },
  paperTitle: { zh: '申请纸质合同', en: 'Paper copy' },
  recipient: FIELD_LABEL.recipient,
  returnAddress: FIELD_LABEL.returnAddress,
  paperWarning: {
    zh: '回寄地址提交后无法修改，请确认无误。收到后 15 个工作日内盖章寄回。',
    en: 'The return address cannot be changed once submitted. The vendor stamps and ships within 15 working days.',
  },
  tracking: { zh: '运单号', en: 'Tracking number' },
  homeTitle: { zh: '我的合同', en: 'My contracts' },
  homeEmpty: { zh: '还没有合同。点击「创建合同」开始。', en: 'No contracts yet. Press "New contract" to start.' },
  more: { zh: '还有 {n} 份，使用 /contract record 分页查看', en: '{n} more: /contract record pages through them' },
  continue: { zh: '继续', en: 'Continue' },
  confirmVoid: {
    zh: '作废后合同不能恢复；删除已作废的合同才会释放其中的订单。',
    en: 'A voided contract cannot be restored; delete it afterwards to free its orders.',
  },
  confirmDelete: {
    zh: '删除后合同将不再显示，其中的订单或备案号可重新选择。',
    en: 'The contract disappears and its orders or filing numbers can be chosen again.',
  },
  confirmCancel: { zh: '取消签署后合同将作废。', en: 'Cancelling signing voids the contract.' },
  confirmConvert: {
    zh: '转为正式合同后将加盖电子签章，具有法律效力，不能作废。',
    en: 'Converting seals the contract; it becomes legally binding and cannot be voided.',
  },
  yes: { zh: '确定', en: 'Confirm' },
  done: { zh: '已完成：{action}（{number}）', en: 'Done: {action} ({number})' },
  listTitle: { zh: '我的合同', en: 'My contracts' },
  notFound: {
    zh: '找不到合同 {number}。请核对编号，或用 `/contract list` 查看您的合同。',
    en: 'No contract {number} here. Check the number, or see yours with `/contract list`.',
  },
  history: { zh: '操作记录', en: 'History' },
  status: { zh: '状态', en: 'Status' },
  total: { zh: '金额', en: 'Total' },
  items: { zh: '项目', en: 'Items' },
  requester: { zh: '申请人', en: 'Requester' },
  partyA: { zh: '甲方', en: 'Party A' },
  profileTitle: { zh: '甲方信息管理', en: 'Party A profile' },
  profileSaved: { zh: '甲方信息已保存。', en: 'Party A profile saved.' },
  signersTitle: { zh: '签署人', en: 'Signers' },
  requestSigner: { zh: '申请新签署人', en: 'Request a new signer' },
  signerName: FIELD_LABEL.signerName,
  signerUser: { zh: '签署人的 Slack 账号（接收签署消息）', en: "Signer's Slack user (receives the signing message)" },
  signerRequested: {
    zh: '已提交，等待企业电子签管理员授权；授权后会通知您，即可选用。',
    en: 'Submitted; waiting for the e-sign administrator to authorise. You will be told once they have, and can then choose them.',
  },
  authorise: { zh: '授权', en: 'Authorise' },
  signerAuthRequest: {
    zh: '*{requester}* 申请新增签署人 *{name}*（{phone}），请授权',
    en: '*{requester}* asks to add signer *{name}* ({phone}); please authorise',
  },
  signerAuthWhy: { zh: '新签署人经授权后才能代表企业签署合同。', en: 'A new signer can sign for the company only once authorised.' },
  signerAuthorised: { zh: '✅ 已由 {who} 授权', en: '✅ Authorised by {who}' },
  signerRejected: { zh: '❌ 已由 {who} 拒绝', en: '❌ Refused by {who}' },
  settingsTitle: { zh: '设置', en: 'Settings' },
  notifyChannel: { zh: '通知频道', en: 'Notification channel' },
  approvers: { zh: '审批人', en: 'Approvers' },
  approvalKinds: { zh: '需要审批的合同类型', en: 'Kinds that need approval' },
  approvalMin: { zh: '金额达到多少（元）需要审批（留空表示不按金额）', en: 'Amount (yuan) from which approval is needed (empty: no amount rule)' },
  language: { zh: '频道语言', en: 'Channel language' },
  settingsSaved: { zh: '设置已保存。', en: 'Settings saved.' },
  adminsOnly: { zh: '只有管理员可以修改设置。', en: 'Only admins can change settings.' },
  staleThread: {
    zh: '⚠️ 合同停滞：{reason}。系统会继续重试，如持续出现请联系客服。',
    en: '⚠️ This contract stopped moving: {reason}. It is being retried; contact support if it persists.',
  },
  staleDm: { zh: '⚠️ 合同 {number} 停滞：{reason}', en: '⚠️ Contract {number} stopped moving: {reason}' },
  staleBadge: { zh: '⚠️ 停滞', en: '⚠️ stuck' },
  remindSigner: { zh: '⏰ 提醒：合同 *{number}* 仍在等待您签署。', en: '⏰ Reminder: contract *{number}* is still waiting for your signature.' },
  remindRequester: {
    zh: '⏰ 合同 *{number}* 的签署人两天未签署，可在主页「重新发送」短信。',
    en: '⏰ The signer of *{number}* has not signed for two days; you can resend the SMS from your Home tab.',
  },
  remindApprovers: { zh: '⏰ 合同 *{number}* 已等待审批超过一天。', en: '⏰ Contract *{number}* has been waiting for approval for over a day.' },
  remindFilingExpiry: { zh: '⏰ 备案合同 *{number}* 将于 {date} 到期，请及时续签。', en: '⏰ Filing contract *{number}* expires on {date}; renew it in time.' },
  verified: {
    zh: '✅ 这是我们出具的文件（与{matched}一致）：合同 *{number}*（{contractKind}）的{kind}，生成于 {date}。合同当前状态：{state}。',
    en: '✅ We issued this document (its {matched} matches): the {kind} of contract *{number}* ({contractKind}), issued {date}. The contract is now: {state}.',
  },
  matchedFingerprint: { zh: 'PDF 上印的内容指纹', en: 'content fingerprint printed on the PDF' },
  matchedFile: { zh: '文件的 SHA-256', en: "file's SHA-256" },
  verifyAmbiguous: {
    zh: '`{hash}` 对应不止一份文件，请多输入几位内容指纹。',
    en: '`{hash}` matches more than one document; type more of the content fingerprint.',
  },
  notVerified: {
    zh: '❌ 没有找到与 `{hash}` 一致的文件：请输入 PDF 最后一页印的内容指纹（全部或前 8 位以上），或文件的 SHA-256。都不一致说明它不是本工作区出具的合同文件，或内容已被改动。',
    en: '❌ No document matches `{hash}`. Type the content fingerprint printed on the PDF’s last page (all of it or its first 8+ characters) or the file’s SHA-256. If neither matches, it was not issued for this workspace or its content was changed.',
  },
  filingExpired: {
    zh: '⏰ 备案合同 *{number}* 已到期，其中的备案号可重新选择。',
    en: '⏰ Filing contract *{number}* expired; its filing numbers can be chosen again.',
  },
  signerNowAuthorised: { zh: '✅ 签署人 *{name}* 已获授权，可以选用了。', en: '✅ Signer *{name}* was authorised and can be chosen now.' },
  signerNowRefused: { zh: '❌ 签署人 *{name}* 的申请被拒绝。', en: '❌ The request to add signer *{name}* was refused.' },
  noEsignAdmin: {
    zh: '⚠️ 签署人「{name}」等待授权，但企业尚未指定电子签管理员：请在 `/contract settings` 中指定后由其授权。',
    en: '⚠️ Signer "{name}" awaits authorisation, but no e-sign administrator is appointed: appoint one in `/contract settings`.',
  },
  signingSms: {
    zh: '【合同助手】您有一份合同 {number} 待签署，请在 24 小时内打开链接阅读并签署：{url}',
    en: '[contract-desk] Contract {number} awaits your signature; open within 24 h to read and sign it: {url}',
  },
  signingCodeSms: {
    zh: '【合同助手】签署合同 {number} 的验证码：{code}，5 分钟内有效，请勿告诉他人。',
    en: '[contract-desk] Your code to sign {number}: {code}. Valid for 5 minutes; do not share it.',
  },
  signerNoSlack: {
    zh: '📱 合同 *{number}* 的签署人 {name} 没有关联 Slack 账号：签署短信已发送至 {phone}，请提醒其完成签署。',
    en: '📱 The signer of *{number}*, {name}, has no Slack account linked: the signing SMS went to {phone}; remind them to sign.',
  },
  subjectChanged: {
    zh: '🏢 实名认证主体已由 *{from}* 变更为 *{to}*。登记补充协议前不能创建新合同。',
    en: '🏢 The verified subject changed from *{from}* to *{to}*. No new contract can be created until a supplementary agreement is recorded.',
  },
  deliveryHeld: {
    zh: '⚠️ 合同助手无法向 {where} 发送通知（Slack 返回 `{error}`）。{fix}\n相关通知已暂停，问题解决后将自动补发，其他合同不受影响。',
    en: '⚠️ Contract desk cannot post to {where} (Slack answered `{error}`). {fix}\nThose notifications are on hold and go out once this is fixed; other contracts are not affected.',
  },
  fixInvite: {
    zh: '请在该频道中输入 `/invite @contract-desk` 邀请本应用，或在 */contract settings* 中改选频道。',
    en: 'Invite the app there with `/invite @contract-desk`, or choose another channel in */contract settings*.',
  },
  fixArchived: {
    zh: '该频道已归档，请在 */contract settings* 中改选通知频道。',
    en: 'The channel is archived; choose another notification channel in */contract settings*.',
  },
  fixToken: {
    zh: '应用的 Slack 授权已失效或缺少权限，请工作区管理员重新安装本应用。',
    en: "The app's Slack token is no longer valid or lacks a scope; a workspace admin must reinstall the app.",
  },
  fixOther: { zh: '请检查应用的安装与频道设置。', en: "Check the app's installation and the channel setting." },
  thisChannel: { zh: '通知频道 <#{channel}>', en: 'the notification channel <#{channel}>' },
  someDms: { zh: '私信', en: 'direct messages' },
  retryNow: { zh: '已修复，重试', en: 'Fixed, retry now' },
  retrying: { zh: '正在重新发送暂停的通知。', en: 'Sending the held notifications again.' },
  channelPrivateNotMember: {
    zh: '合同助手不在这个私有频道中，无法发帖。请先在该频道输入 `/invite @contract-desk` 邀请本应用，再保存设置。',
    en: 'Contract desk is not a member of this private channel and cannot post there. Invite it first with `/invite @contract-desk`, then save again.',
  },
  channelArchived: { zh: '这个频道已归档，请选择其他频道。', en: 'This channel is archived; choose another one.' },
  channelUnusable: {
    zh: '合同助手无法在这个频道发帖（Slack 返回 `{error}`），请选择其他频道或邀请本应用。',
    en: 'Contract desk cannot post in this channel (Slack answered `{error}`); choose another or invite the app.',
  },
  slackUnavailable: { zh: 'Slack 刚才无法打开这个窗口，请再点一次。', en: 'Slack could not open this window just now; click again.' },
  fieldUnreadable: { zh: '无法读取此项，请重新填写或选择', en: 'This field could not be read; fill it in or choose again' },
  somethingWrong: { zh: '出了点问题，请稍后重试。', en: 'Something went wrong; try again shortly.' },
  homeRefused: {
    zh: '⚠️ Slack 拒绝显示您的主页，我们已记录并通知团队处理。在此期间可用 /contract list 查看您的合同。',
    en: '⚠️ Slack refused to show your Home tab; the team has been told. Meanwhile /contract list shows your contracts.',
  },
  viewRefused: {
    zh: '⚠️ Slack 拒绝显示此表单，我们已记录并通知团队处理。请稍后再试。',
    en: '⚠️ Slack refused to show this form; the team has been told. Please try again later.',
  },
  // ---- issue 26 (ux-a): what a click will do and what it did
  confirmConvertApproval: {
    zh: '此合同需先经审批人批准：确定后提交审批，批准后才会{action}，加盖电子签章后具有法律效力，不能作废。',
    en: 'This contract needs an approver first: confirming sends it for approval, and only once approved is it converted ({action}), sealed, binding and impossible to void.',
  },
  confirmDiscard: {
    zh: '废弃后草稿不能恢复，其中的订单可重新选择。',
    en: 'A discarded draft cannot be restored; its orders can be chosen again.',
  },
  sentForApproval: {
    zh: '合同 *{number}* 需要审批：已提交审批人，批准后才会{action}。审批结果会通知您。',
    en: 'Contract *{number}* needs approval: it went to the approvers and is converted ({action}) only once approved. You will hear the outcome.',
  },
  signingAfterApproval: {
    zh: '此合同需先经审批人批准：提交后等待审批，批准后才会向签署人发送签署短信。',
    en: 'This contract needs an approver first: once you submit, it waits for approval, and the signing SMS goes out only when approved.',
  },
  convertStarted: {
    zh: '已提交转为正式合同：*{number}* 现为「{state}」，{duration}后生效，届时会通知您。',
    en: 'Conversion started: *{number}* is now "{state}"; it takes effect in {duration}, and you will hear of it.',
  },
  cancellingNow: {
    zh: '正在取消签署 *{number}*：取消完成后合同将作废，届时会通知您。',
    en: 'Cancelling the signing of *{number}*: the contract is voided once that is done, and you will hear of it.',
  },
  signerPhoneLabel: FIELD_LABEL.signerPhone,
  addSigner: { zh: '添加新签署人', en: 'Add a new signer' },
  pendingSigners: { zh: '待企业电子签管理员授权：{names}', en: 'Awaiting the e-sign administrator: {names}' },
  noSignersForVendor: {
    zh: '{vendor}合同由{vendor}加盖电子章后生效，客户无需签署，也无需签署人。',
    en: "{vendor} contracts take effect with {vendor}'s e-seal: the customer does not sign and needs no signers.",
  },
  recordsLabel: { zh: '订单（最多 {max} 个，输入订单号或产品搜索）', en: 'Orders (up to {max}; type an order id or product)' },
  helpSigners: { zh: '*/contract signers* 签署人\n', en: '*/contract signers* signers\n' },
  confirmConvertNow: {
    zh: '转为正式合同后，无法作废。电子合同立即生效，具有法律效力，可直接使用。',
    en: 'Once converted it cannot be voided: the e-contract takes effect at once, is legally binding and ready to use.',
  },
  discardedNow: {
    zh: '已废弃合同草稿 *{number}*，其中的订单可重新选择。',
    en: 'Draft *{number}* was discarded; its orders can be chosen again.',
  },
  // Issue 26 (ux-b): what people read, round three.
  yourContract: { zh: '📄 您的{kind} *{number}*', en: '📄 Your {kind} *{number}*' },
  // A confirmation names what the contract holds (orders, filing numbers), or nothing for a framework contract.
  confirmVoidHeld: {
    zh: '作废后合同不能恢复；删除已作废的合同才会释放其中的{items}。',
    en: 'A voided contract cannot be restored; delete it afterwards to free its {items}.',
  },
  confirmVoidNothing: { zh: '作废后合同不能恢复。', en: 'A voided contract cannot be restored.' },
  confirmDeleteHeld: { zh: '删除后合同将不再显示，其中的{items}可重新选择。', en: 'The contract disappears and its {items} can be chosen again.' },
  confirmDeleteNothing: { zh: '删除后合同将不再显示。', en: 'The contract disappears from the lists.' },
  confirmDiscardHeld: { zh: '废弃后草稿不能恢复，其中的{items}可重新选择。', en: 'A discarded draft cannot be restored; its {items} can be chosen again.' },
  confirmDiscardNothing: { zh: '废弃后草稿不能恢复。', en: 'A discarded draft cannot be restored.' },
  discardedHeld: { zh: '已废弃合同草稿 *{number}*，其中的{items}可重新选择。', en: 'Draft *{number}* was discarded; its {items} can be chosen again.' },
  discardedNothing: { zh: '已废弃合同草稿 *{number}*。', en: 'Draft *{number}* was discarded.' },
  signRequestFor: {
    zh: '📱 请签署合同 *{number}*（{what}）。此消息代替短信，点击「签署」在模拟电子签中完成签署。',
    en: '📱 Please sign contract *{number}* ({what}). This message stands in for the SMS: press Sign to sign in the simulated e-sign app.',
  },
  homeApprovals: { zh: '⏳ 待您审批', en: '⏳ Waiting for your approval' },
  homeMoreApprovals: { zh: '还有 {n} 份待审批：请在私信中的审批请求里处理', en: '{n} more wait for you: decide them from the requests in your DMs' },
  homeNoneOwn: { zh: '您还没有申请过合同。点击「创建合同」开始。', en: 'You have not requested a contract yet. Press "New contract" to start.' },
  unknownCommand: { zh: '没有「{verb}」这个命令。可用的命令如下：', en: 'There is no command "{verb}". These are the ones there are:' },
  verifyUsage: {
    zh: '请在 `/contract verify` 后输入 PDF 最后一页印的内容指纹（全部或前 8 位以上），例如 `/contract verify 3f2a9c1e`；也可以输入文件的 SHA-256。',
    en: 'Type the content fingerprint printed on the PDF’s last page after `/contract verify` (all of it or its first 8+ characters), e.g. `/contract verify 3f2a9c1e`; a file’s SHA-256 works too.',
  },
} satisfies Record<string, Messages>;

export type TextKey = keyof typeof T;
/** Every key, for the tests that read every word in both languages. */
export const TEXT_KEYS = Object.keys(T) as TextKey[];

export function t(key: TextKey, l: Locale, params: Record<string, string | number> = {}): string {
  return T[key][l].replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));
}

/** mrkdwn has three control characters; user text must not open links or mentions. */
export function escapeMrkdwn(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Slack counts characters; cut long user text so a block never exceeds a limit. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
