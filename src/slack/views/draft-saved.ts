// QingCloud's guide: after 保存合同草稿 (or 确定 for the framework), the page shows the draft with 立即转为正式合同 and
// 返回合同管理; a draft not wanted is discarded from 合同申请记录. After converting there, the same page says
// 转为正式合同成功 and offers the formal contract.
import type { ModalView } from '@slack/types';
import type { ContractRow } from '../../db/schema.js';
import { downloadable } from '../../domain/documents.js';
import { type Locale, pick } from '../i18n.js';
import { ACTION, DRAFT_SAVED_CB } from '../ids.js';
import { actions, button, section } from './blocks.js';
import { actionButton, type ButtonContext, downloadButton } from './contract.js';
import { doneView } from './wizard.js';

const BACK_TO_RECORD = { zh: '返回合同管理', en: 'Back to the contract record' } as const;

/** The draft just saved (draft_ready, QingCloud's flow) or what converting it there did. */
export function draftSavedView(l: Locale, c: ContractRow, text: string, cx: ButtonContext = {}): ModalView {
  const view = doneView(l, text);
  const buttons = [
    ...(c.status === 'draft' && c.subStatus === 'draft_ready' ? [actionButton('convert', c, l, cx)] : []),
    ...(downloadable(c) ? [downloadButton(c, l)] : []),
    button(pick(BACK_TO_RECORD, l), ACTION.homeRecord, 'record'),
  ];
  return { ...view, callback_id: DRAFT_SAVED_CB, blocks: [section(text), actions(`draft:${c.id}`, buttons)] };
}
