// An approver's decision (ours: docs/domain.md, awaiting_approval): the Approve and Reject buttons are on the
// approval request (views/contract.ts); Reject asks for the reason, which goes back to the requester.
import type { ModalView } from '@slack/types';
import type { ContractRow } from '../../db/schema.js';
import { KIND_LABEL } from '../../domain/labels.js';
import { type Locale, pick, t } from '../i18n.js';
import { BLOCK, CB } from '../ids.js';
import { input, modal, section, textInput } from './blocks.js';

export function rejectView(l: Locale, c: ContractRow, message: { channel: string; ts: string } | null): ModalView {
  return modal(
    CB.reject,
    t('rejectTitle', l),
    [
      section(`*${c.number}* · ${pick(KIND_LABEL[c.kind], l)}`),
      input(BLOCK.reason, t('rejectLabel', l), textInput(BLOCK.reason, null, { multiline: true, max: 1000 })),
    ],
    { submit: t('reject', l), close: t('cancel', l), meta: { contractId: c.id, version: c.version, ...(message ?? {}) } },
  );
}
