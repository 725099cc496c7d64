// Errors are values: a stable code for programs and tests, a message for people in both languages.

export interface Messages {
  zh: string;
  en: string;
}

const CATALOGUE = {
  CONTRACT_NOT_FOUND: { zh: '找不到该合同', en: 'Contract not found' },
  ACCOUNT_NOT_FOUND: { zh: '找不到该账号', en: 'Account not found' },
  ACTION_NOT_ALLOWED: {
    zh: '合同当前状态为「{state}」，不能执行「{action}」',
    en: 'The contract is "{state}"; "{action}" is not possible now',
  },
  STALE_VERSION: {
    zh: '合同已被他人更新，请刷新后重试',
    en: 'Someone else changed this contract in the meantime; refresh and try again',
  },
  NOT_PERMITTED: { zh: '您无权执行「{action}」', en: 'You are not allowed to do this: "{action}"' },
  APPROVER_IS_REQUESTER: {
    zh: '申请人不能审批自己的合同',
    en: 'A requester cannot approve their own contract',
  },
  REASON_REQUIRED: { zh: '请填写驳回原因', en: 'Please give a reason for the rejection' },
  INVALID_INPUT: { zh: '输入有误：{detail}', en: 'Invalid input: {detail}' },
  TEXT_UNPRINTABLE: {
    zh: '含有无法保存的控制字符或不可见字符（{char}），请删除后重新输入',
    en: 'Contains a control or invisible character ({char}) that cannot be saved; remove it and try again',
  },
  TEXT_NOT_IN_CONTRACT_FONT: {
    zh: '{field}含有合同无法打印的字符（{chars}），请删除后重新输入',
    en: '{field} contains characters the contract cannot print ({chars}); remove them and try again',
  },
  KIND_CHANNEL_UNSUPPORTED: {
    zh: '{kind}不支持双方电子签章，请选择{channel}',
    en: 'A {kind} cannot use the dual e-seal channel; choose the {channel}',
  },
  VENDOR_KIND_UNSUPPORTED: {
    zh: '{vendor}账号不提供{kind}，可申请：{kinds}',
    en: 'A {vendor} account offers no {kind}; it offers: {kinds}',
  },
  ITEMS_REQUIRED: { zh: '请至少选择一项', en: 'Choose at least one item' },
  ITEMS_NOT_ALLOWED: {
    zh: '框架合同不包含订单或备案号',
    en: 'A framework contract takes no orders or filing numbers',
  },
  ITEM_NOT_FOUND: { zh: '找不到「{item}」，或它不属于本账号', en: '"{item}" was not found in this account' },
  ITEM_DUPLICATE: { zh: '「{item}」重复选择', en: '"{item}" was chosen twice' },
  RESEND_TOO_SOON: {
    zh: '短信刚刚发送过，请 {seconds} 秒后再重新发送',
    en: 'The SMS was just sent; resend again in {seconds} s',
  },
  SIGNING_INFO_REQUIRED: {
    zh: '请先确认签署信息（签署人或手机号）',
    en: 'Confirm the signing information (signer or phone) first',
  },
  SIGNER_REQUIRED: { zh: '请从列表中选择一位已授权的签署人', en: 'Choose an authorised signer from the list' },
  SIGNER_NOT_FOUND: { zh: '找不到该签署人', en: 'Signer not found' },
  SIGNER_NOT_PENDING: { zh: '该签署人不在待授权状态', en: 'This signer is not waiting for authorisation' },
  VENDOR_NO_PAPER: {
    zh: '{vendor}合同为电子合同，可直接下载使用，不提供纸质合同',
    en: '{vendor} contracts are electronic: download and use them; there is no paper copy',
  },
  VENDOR_NO_SIGNERS: {
    zh: '{vendor}合同由{vendor}加盖电子章后生效，客户无需签署，也无需签署人',
    en: "{vendor} contracts take effect with {vendor}'s e-seal: the customer does not sign and needs no signers",
  },
  PAPER_ADDRESS_REQUIRED: {
    zh: '请填写完整的回寄地址（收件人、电话、地址）',
    en: 'The return address (recipient, phone, address) is required',
  },
  // The input layer (inputs.ts): each names its field with the label the person sees on the form.
  FIELD_REQUIRED: { zh: '请填写{field}', en: '{field} is required' },
  FIELD_TOO_LONG: { zh: '{field}最多 {max} 个字符', en: '{field} takes at most {max} characters' },
  MOBILE_INVALID: {
    zh: '{field}「{phone}」不是可接收短信的中国大陆手机号',
    en: '{field}: "{phone}" is not a mainland-China mobile number that can receive SMS',
  },
  PHONE_NUMBER_INVALID: {
    zh: '{field}「{phone}」不是有效的电话号码（座机请带区号，如 010-12345678）',
    en: '{field}: "{phone}" is not a valid phone number (give a landline with its area code, e.g. 010-12345678)',
  },
  EMAIL_INVALID: { zh: '{field}「{email}」不是有效的电子邮箱地址', en: '{field}: "{email}" is not a valid email address' },
  TRACKING_NUMBER_INVALID: {
    zh: '{field}只能包含字母、数字和连字符（-），最多 {max} 位',
    en: '{field} takes letters, digits and dashes (-), at most {max} of them',
  },
  AMOUNT_TOO_LARGE: {
    zh: '{field}最多为 {max} 元，请输入更小的金额',
    en: '{field} takes at most {max} yuan; type a smaller amount',
  },
  AMOUNT_INVALID: {
    zh: '{field}须为不小于 0 的数字，最多两位小数，如 50000 或 9999.50',
    en: '{field} must be a number of at least 0 with at most two decimals, such as 50000 or 9999.50',
  },

  R2_FRAMEWORK_EXISTS: {
    zh: '每个账号只能有一份有效的框架合同（{number}）',
    en: 'This account already has a valid framework contract ({number})',
  },
  R3_FRAMEWORK_NOT_EFFECTIVE: {
    zh: '订单合同、备案合同依托于框架合同{framework}，请先生成并签署框架合同',
    en: 'This contract builds on the framework contract ({framework}): make the framework contract effective first',
  },
  R4_PARTY_A_NAME_MISMATCH: {
    zh: '甲方名称必须与实名认证主体「{subject}」一致；如需修改，请先修改实名认证信息',
    en: 'Party A must be the verified subject "{subject}"; change the real-name verification first',
  },
  R5_SUBJECT_CHANGED: {
    zh: '实名认证主体已变更，请联系客服签订《权利义务转让补充协议》（工商更名请提供《工商更名函》）后再创建合同',
    en: 'The verified subject has changed: record an assignment supplementary agreement (or a business-name-change letter) before creating contracts',
  },
  R5_NO_CHANGE_PENDING: {
    zh: '实名认证主体没有待处理的变更',
    en: 'There is no subject change waiting for a supplementary agreement',
  },
  R6_EFFECTIVE_IMMUTABLE: {
    zh: '已生效的合同不能修改或作废，如需变更请联系客服线下签署《补充协议》',
    en: 'An effective contract cannot be changed or voided; changes need an offline supplementary agreement',
  },
  R7_ESIGN_NOT_ACTIVATED: {
    zh: '企业客户使用双方电子签章前需先激活{esign}，请管理员完成激活',
    en: 'Enterprise accounts must activate e-sign before using the dual e-seal channel; an admin can activate it',
  },
  R8_SIGNER_NOT_AUTHORISED: {
    zh: '签署人「{name}」尚未获得授权，请等待企业电子签管理员授权',
    en: 'Signer "{name}" is not authorised yet; the e-sign administrator must authorise them first',
  },
  R8_PHONE_INVALID: {
    zh: '手机号「{phone}」格式不正确',
    en: 'Phone number "{phone}" is not valid',
  },
  R8_PERSON_SIGNS_SELF: {
    zh: '个人客户由本人签署，请确认接收短信的手机号',
    en: 'A personal account signs in person: confirm the phone number that receives the SMS',
  },
  R8_NOT_ESIGN_ADMIN: {
    zh: '只有企业电子签管理员可以授权签署人',
    en: "Only the enterprise's e-sign administrator can authorise signers",
  },
  SIGNING_LINK_INVALID: {
    zh: '签署链接无效或已过期，请联系合同申请人重新发送短信',
    en: 'This signing link is invalid or has expired; ask the requester to resend the SMS',
  },
  SIGNING_LINK_USED: {
    zh: '此签署链接已使用过，合同已签署',
    en: 'This signing link has already been used: the contract is signed',
  },
  SIGNING_LINK_SUPERSEDED: {
    zh: '已发送新的签署短信，此链接已失效，请使用最新短信中的链接',
    en: 'A newer signing SMS was sent, so this link no longer works: use the link in the latest SMS',
  },
  SIGNING_NOT_OPEN: {
    zh: '合同 {number} 当前不在待签署状态（{state}），无法签署',
    en: 'Contract {number} is not waiting for your signature ({state})',
  },
  SIGNING_CODE_TOO_SOON: {
    zh: '验证码已发送，请 {seconds} 秒后再试',
    en: 'A code was just sent; try again in {seconds} s',
  },
  SIGNING_CODE_LIMIT: {
    zh: '验证码发送次数过多，请联系合同申请人重新发送短信',
    en: 'Too many codes were sent; ask the requester to resend the SMS',
  },
  SIGNING_CODE_MISSING: {
    zh: '验证码已过期或尚未发送，请重新获取验证码',
    en: 'The code has expired or was not sent yet; request a new code',
  },
  SIGNING_CODE_WRONG: {
    zh: '验证码不正确，还可尝试 {left} 次',
    en: 'Wrong code; {left} attempts left',
  },
  SIGNING_CODE_LOCKED: {
    zh: '验证码错误次数过多，此链接已锁定，请联系合同申请人重新发送短信',
    en: 'Too many wrong codes: this link is locked; ask the requester to resend the SMS',
  },
  R11_TOO_MANY_ORDERS: {
    zh: '单个订单合同最多选择 30 个订单（已选 {count} 个），请分两份合同申请',
    en: 'An order contract takes at most 30 orders ({count} chosen); split them over two contracts',
  },
  R11_MONTHLY_BILL: {
    zh: '订单 {item} 是月结账单，平台暂不支持月结账单生成合同',
    en: 'Order {item} is a monthly bill; monthly bills cannot go into a contract',
  },
  R11_MARKETPLACE: {
    zh: '订单 {item} 是云市场订单，由第三方服务商提供，请联系相应服务商获取合同',
    en: 'Order {item} is a marketplace order; ask its third-party provider for the contract',
  },
  R11_POSTPAID_BEFORE_2018_09: {
    zh: '订单 {item} 是 2018 年 9 月前的后付费订单，不能生成合同',
    en: 'Order {item} is a postpaid order from before September 2018 and cannot go into a contract',
  },
  R11_NEGATIVE_TOTAL: {
    zh: '包含退款订单后合同总金额为 {total}，合同总金额须大于等于 0',
    en: 'With the refund orders the total is {total}; the contract total must be at least 0',
  },
  R11_WRONG_ORDER_TYPE: {
    zh: '订单 {item}（{type}）不能用于{kind}：{kind}可选{types}',
    en: 'Order {item} ({type}) cannot go into a {kind}; a {kind} takes {types}',
  },
  TOO_MANY_RECORDS: {
    zh: '一份{kind}最多选择 {max} 条记录（已选 {count} 条），请分两份合同申请',
    en: 'A {kind} takes at most {max} records ({count} chosen); split them over two contracts',
  },
  R12_TOO_MANY_FILINGS: {
    zh: '单个备案合同最多选择 20 个备案号（已选 {count} 个）',
    en: 'A filing contract takes at most 20 filing numbers ({count} chosen)',
  },
  R13_ITEM_OCCUPIED: {
    zh: '「{item}」已在合同 {number} 中；作废并删除该合同后才能重新选择',
    en: '"{item}" is already in contract {number}; void and delete that contract to free it',
  },
  R13_ITEM_IN_VOIDED: {
    zh: '「{item}」所在的合同 {number} 已作废；删除该合同后即可重新选择',
    en: '"{item}" is in contract {number}, which is voided; delete that contract to free it',
  },
  R14_NOT_EFFECTIVE: {
    zh: '只有已生效的合同可以申请纸质合同',
    en: 'A paper copy can only be requested for an effective contract',
  },
  // R17: set-up and roles.
  CLOUD_ACCOUNT_ID_INVALID: {
    zh: '{field}「{id}」格式不正确：请填写云控制台账号信息中显示的账号 ID（字母、数字、-、_ 或 .，最多 64 个字符）',
    en: '{field}: "{id}" is not an account ID: type the ID the cloud console shows under account info (letters, digits, -, _ or ., up to 64)',
  },
  TENCENT_ACCOUNT_ID_INVALID: {
    zh: '{field}「{id}」不是腾讯云账号 ID：它是一串数字，见腾讯云控制台「账号信息」中的账号 ID，如 100012345678',
    en: '{field}: "{id}" is not a Tencent Cloud account ID: it is a number, shown as Account ID under Account info in the Tencent Cloud console, such as 100012345678',
  },
  TIME_ZONE_INVALID: { zh: '{field}「{tz}」不是有效的时区，如 Asia/Shanghai', en: '{field}: "{tz}" is not a time zone, such as Asia/Shanghai' },
  R17_ALREADY_SET_UP: {
    zh: '此 Slack 工作区已完成设置；管理员可在 /contract settings 中修改',
    en: 'This Slack workspace is already set up; an admin can change it in /contract settings',
  },
  R17_VENDOR_FIXED: {
    zh: '已有合同（{number}），云厂商不能再更改：每份合同的乙方都是{vendor}',
    en: 'The vendor cannot change any more: contract {number} already names {vendor} as Party B',
  },
  R17_SUBJECT_TYPE_FIXED: {
    zh: '已有合同（{number}），主体类型不能再更改：签署方式取决于主体类型',
    en: 'The subject type cannot change any more: contract {number} exists, and how it is signed depends on it',
  },
  POLICY_NO_APPROVER: {
    zh: '已设置需要审批的合同，但没有审批人：请至少指定一位审批人，或关闭审批，否则合同会一直停在「待审批」',
    en: 'Approvals are on but nobody approves: name at least one approver or turn approvals off, or contracts wait for approval forever',
  },
  ADMIN_REQUIRED: { zh: '请至少保留一位管理员', en: 'Keep at least one admin' },
  APPROVAL_NOBODY: {
    zh: '这份合同需要审批，但除您之外没有审批人（申请人不能审批自己的合同）：请联系管理员在 /contract settings 中添加审批人',
    en: 'This contract needs approval, but nobody other than you approves (no one approves their own): ask an admin to add an approver in /contract settings',
  },
  ROLE_HOLDER_DEACTIVATED: {
    zh: '{who} 的 Slack 账号已停用，不能担任{role}',
    en: "{who}'s Slack account is deactivated and cannot be {role}",
  },
} as const satisfies Record<string, Messages>;

export type ErrorCode = keyof typeof CATALOGUE;

/** A parameter is a value, or a term with its own word in each language (a kind, a state, an action). */
export type Param = string | number | Messages;
export type Params = Record<string, Param>;

export interface DomainError {
  code: ErrorCode;
  message: Messages;
  params: Params;
}

function fill(template: string, params: Params, lang: keyof Messages): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = params[key];
    if (v === undefined) return whole;
    return typeof v === 'object' ? v[lang] : String(v);
  });
}

/**
 * INVALID_INPUT says what is wrong in a sentence of each language: its `detail` is words, never a field's key or a value
 * as typed (issue 26: "输入有误：tracking number" in a Chinese form).
 */
export type ParamsOf<C extends ErrorCode> = C extends 'INVALID_INPUT' ? Params & { detail: Messages } : Params;

export function domainError<C extends ErrorCode>(code: C, params: ParamsOf<C> = {} as ParamsOf<C>): DomainError {
  const t = CATALOGUE[code];
  return { code, params, message: { zh: fill(t.zh, params, 'zh'), en: fill(t.en, params, 'en') } };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refused = <T = never, C extends ErrorCode = ErrorCode>(code: C, params: ParamsOf<C> = {} as ParamsOf<C>): Result<T> => ({
  ok: false,
  error: domainError(code, params),
});

export const errorCodes = Object.keys(CATALOGUE) as ErrorCode[];
export const errorTemplate = (code: ErrorCode): Messages => CATALOGUE[code];
