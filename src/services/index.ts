// The services' one entry point: the use cases, the only writers of the database (one transaction each, a Result
// back), and the reads the Slack layer and the tests need (queries.ts).
export * from './account-admin.js';
export * from './account-setup.js';
export * from './contract-actions.js';
export { paperMailed, paperReceived, MAX_TRACKING } from './paper.js';
export { checkSelection, createDraft, type CreateDraftInput, creationRefusal } from './create-draft.js';
export * from './queries.js';
export * from './signers.js';
export { type Ctx } from './context.js';
export { flagStale, type ActionOptions } from './transition.js';
export { documentAvailable, ensureDocument, findDocument, issueDueDocuments, type DocumentRow } from './documents.js';
export { applyEsignOutcomes, type AppliedOutcome, type EsignOutcome } from './esign-outcomes.js';
export { remindOnce, REMINDER_ACTOR } from './reminders.js';
export { queueClickAnswer } from './answers.js';
export { confirmSigningCode, newSigningCode, openSigningLink, type OpenLink } from './sms-signing.js';
export { membersWith, rolesOf } from './access.js';
export { signAsSigner, type SignRefusal } from './sign-in-slack.js';
export { repairLostFlows } from './stale.js';
export type { AccountRow, ContractRow, SignerRow } from '../db/schema.js';
export { importItems, type ImportInput, type ImportSummary } from './import.js';
export {
  setTencentKey,
  syncAllTencentAccounts,
  syncTencentOrders,
  tencentStatus,
  TENCENT_SYNC_ACTOR,
  type SecretBox,
  type TencentStatus,
  type TencentSyncDeps,
  type TencentSyncResult,
  type TencentSyncSummary,
} from './import-tencent.js';
