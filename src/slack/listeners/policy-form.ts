// The inputs the set-up's second page and the settings share (notification channel, roles, approval policy, paper
// address), read and checked the same way for both: each refusal under its field, all of them at once.
import type { SlackViewAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { domainError } from '../../domain/errors.js';
import { ApprovalAmount, PaperAddressForm, parseInput } from '../../domain/inputs.js';
import { type Role, ROLE_LABEL } from '../../domain/roles.js';
import { KINDS } from '../../domain/types.js';
import type { PolicySetup } from '../../services/index.js';
import { notificationChannelProblem } from '../channel-access.js';
import { type Locale, t } from '../i18n.js';
import { CB, POLICY_BLOCK, SETUP_BLOCK, SETUP_CB } from '../ids.js';
import { STATE } from '../payloads.js';
import { checkPeople } from '../setup-access.js';
import { type Answer, readState } from './submission.js';

/** Where each field of the set-up and the settings sits: a service's refusal names its field, the form its block. */
export const BLOCK_OF_FIELD = {
  admins: POLICY_BLOCK.admins,
  approvers: POLICY_BLOCK.approvers,
  esignAdmins: POLICY_BLOCK.esignAdmins,
  approvalKinds: POLICY_BLOCK.kinds,
  approvalMin: POLICY_BLOCK.min,
  vendorPaperAddress: POLICY_BLOCK.paperAddress,
  vendor: SETUP_BLOCK.vendor,
  subjectType: SETUP_BLOCK.subjectType,
  cloudAccountId: SETUP_BLOCK.cloudAccountId,
  verifiedSubject: SETUP_BLOCK.verifiedSubject,
  address: SETUP_BLOCK.address,
  contactName: SETUP_BLOCK.contactName,
  phone: SETUP_BLOCK.phone,
  email: SETUP_BLOCK.email,
  timeZone: SETUP_BLOCK.timeZone,
  language: SETUP_BLOCK.language,
} as const;

const Kinds = z.array(z.enum(KINDS));

type Held = { admins: string[]; approvers: string[]; esignAdmins: string[] };
const ROLE_FIELDS: [Role, keyof Held, string][] = [
  ['admin', 'admins', POLICY_BLOCK.admins],
  ['approver', 'approvers', POLICY_BLOCK.approvers],
  ['esignAdmin', 'esignAdmins', POLICY_BLOCK.esignAdmins],
];

/**
 * The second page (or the settings) as submitted. People newly picked for a role are looked up in Slack: a
 * deactivated one is refused under the role's field (Slack's pickers can still hold them), and everyone's name kept.
 */
export async function readPolicy(
  client: WebClient,
  view: SlackViewAction['view'],
  cb: typeof CB.settings | typeof SETUP_CB.roles,
  l: Locale,
  held: Held,
): Promise<{ ok: true; value: PolicySetup } | { ok: false; answer: Answer }> {
  const form = readState(STATE[cb], view, POLICY_BLOCK.kinds, l);
  if (!form.ok) return form;
  const v = form.value;
  const out: Record<string, string> = {};
  const min = parseInput(ApprovalAmount, { approvalMin: v.approval_min });
  if (!min.ok) out[POLICY_BLOCK.min] = min.errors.approvalMin!.message[l];
  const kinds = Kinds.safeParse(v.approval_kinds);
  if (!kinds.success) out[POLICY_BLOCK.kinds] = t('fieldUnreadable', l);
  const paper = parseInput(PaperAddressForm, { vendorPaperAddress: v.paper_address });
  if (!paper.ok) out[POLICY_BLOCK.paperAddress] = paper.errors.vendorPaperAddress!.message[l];
  const channel = v.notify_channel;
  const problem = channel ? await notificationChannelProblem(client, channel, l) : null;
  if (problem) out[POLICY_BLOCK.channel] = problem;
  const chosen: Held = { admins: v.admins, approvers: v.approvers, esignAdmins: v.esign_admins };
  const added = ROLE_FIELDS.flatMap(([, key]) => chosen[key].filter((id) => !held[key].includes(id)));
  const people = added.length ? await checkPeople(client, added) : { deactivated: new Map<string, string>(), names: {} };
  for (const [role, key, block] of ROLE_FIELDS) {
    const gone = chosen[key].find((id) => !held[key].includes(id) && people.deactivated.has(id));
    if (gone) out[block] = domainError('ROLE_HOLDER_DEACTIVATED', { who: people.deactivated.get(gone)!, role: ROLE_LABEL[role] }).message[l];
  }
  if (Object.keys(out).length || !min.ok || !kinds.success || !paper.ok) return { ok: false, answer: { response_action: 'errors', errors: out } };
  return {
    ok: true,
    value: {
      notificationChannel: channel,
      admins: chosen.admins,
      approvers: chosen.approvers,
      esignAdmins: chosen.esignAdmins,
      approvalKinds: kinds.data,
      approvalMinTotalCents: min.value.approvalMin,
      vendorPaperAddress: paper.value.vendorPaperAddress || null,
      names: people.names,
    },
  };
}
