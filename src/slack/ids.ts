// Every id Slack sends back to the app: a view's callback_id (CB), a button's or select's action_id (ACTION) and an
// input's block_id (BLOCK), in one place, so a listener and the view it answers cannot drift apart. A contract's own
// buttons are `act:<action>` and `step:<action>` (views/contract.ts), named after the action they take.

/** Each modal's callback_id, by flow. */
export const CB = {
  start: 'wizard:start',
  items: 'wizard:items',
  review: 'wizard:review',
  partyA: 'wizard:party_a',
  confirmText: 'wizard:confirm_text',
  signing: 'wizard:signing',
  done: 'wizard:done',
  loading: 'wizard:loading',
  reject: 'approval:reject_reason',
  paper: 'paper:request',
  profile: 'party:profile',
  signerRequest: 'signers:request',
  settings: 'settings:save',
} as const;

/** Input blocks are named after what they hold, so inline errors land on the right field. */
export const BLOCK = {
  kind: 'kind',
  channel: 'channel',
  items: 'items',
  address: 'address',
  contactName: 'contact_name',
  phone: 'phone',
  email: 'email',
  partyAConfirmed: 'party_a_confirmed',
  signer: 'signer',
  signPhone: 'sign_phone',
  reason: 'reason',
  recipient: 'recipient',
  returnAddress: 'return_address',
  signerName: 'signer_name',
  signerUser: 'signer_user',
} as const;

/** Buttons and selects whose action_id is fixed (a contract's own are `act:`/`step:` and the action's name). */
export const ACTION = {
  homeNew: 'home:new',
  homeRecord: 'home:record',
  homeImport: 'home:import',
  faq: 'help:faq',
  approve: 'approval:approve',
  reject: 'approval:reject',
  sign: 'esign:sign',
  signerAuthorise: 'signer:authorise',
  signerReject: 'signer:reject',
  addSigner: 'signers:new',
  outboxRetry: 'outbox:retry',
  download: 'doc:download',
  recordKind: 'record:kind',
  recordStatus: 'record:status',
  recordRequester: 'record:requester',
  recordPrev: 'record:prev',
  recordNext: 'record:next',
} as const;

/** The record (合同申请记录) and the FAQ modals. */
export const RECORD_CB = 'record:view';
export const FAQ_CB = 'help:faq_view';

/** The draft just saved, with the way to convert it. */
export const DRAFT_SAVED_CB = 'wizard:draft_saved';

/** Set-up (R17): the modal's two pages, the edit of page one, and Home's buttons. */
export const SETUP_CB = { account: 'setup:account', accountEdit: 'setup:account_edit', roles: 'setup:roles' } as const;
export const SETUP_ACTION = { open: 'setup:open', edit: 'setup:edit' } as const;

/** Page one's inputs; Party A's reuse the wizard's block ids, page two's the settings' (one parser reads both). */
export const SETUP_BLOCK = {
  vendor: 'vendor',
  cloudAccountId: 'cloud_account_id',
  verifiedSubject: 'verified_subject',
  subjectType: 'subject_type',
  address: BLOCK.address,
  contactName: BLOCK.contactName,
  phone: BLOCK.phone,
  email: BLOCK.email,
  language: 'language',
  timeZone: 'time_zone',
} as const;

/** Set-up's second page and the settings: the channel, who holds each role, the approval policy, the paper address. */
export const POLICY_BLOCK = {
  channel: 'notify_channel',
  admins: 'admins',
  approvers: 'approvers',
  esignAdmins: 'esign_admins',
  kinds: 'approval_kinds',
  min: 'approval_min',
  paperAddress: 'paper_address',
} as const;

/** The settings' inputs: the set-up's second page (one parser reads both) and the channel language. */
export const SETTINGS = { ...POLICY_BLOCK, language: 'language' } as const;

/** Import (R18): the modal, its inputs, and the Tencent Cloud key and sync. */
export const IMPORT_CB = 'import';
export const IMPORT_BLOCK = { kind: 'import_kind', file: 'import_file' } as const;
export const TENCENT_KEY_CB = 'import_tencent_key';
export const TENCENT_BLOCK = { secretId: 'tencent_secret_id', secretKey: 'tencent_secret_key', actions: 'tencent_actions' } as const;
export const TENCENT_ACTION = { sync: 'import:tencent_sync', key: 'import:tencent_key' } as const;

/** The paper copy: the next fact to record (mailed, received) and the mailing details. */
export const PAPER_CB = { fact: 'paper:fact', mailing: 'paper:mailing' } as const;
export const PAPER_BLOCK = { tracking: 'outbound_tracking' } as const;

/** Prerequisites (R5, R7): the refusal's buttons and the agreement form with its inputs. */
export const PREREQ = {
  activate: 'prereq:activate_esign',
  openAgreement: 'prereq:open_agreement',
  refused: 'prereq:refused',
  agreement: 'prereq:agreement',
  kind: 'agreement_kind',
  date: 'agreement_date',
  reference: 'agreement_ref',
} as const;
