// Tiny Block Kit builders: plain objects, so views stay pure functions that tests can read.
import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  MrkdwnElement,
  PlainTextElement,
  PlainTextInput,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { UUID_SOURCE } from '../../domain/ids.js';
import { clip } from '../i18n.js';

/** A button's value: the contract and the version the person saw. */
const CONTRACT_REF = new RegExp(`^(${UUID_SOURCE}):(\\d{1,9})$`, 'i');

/** A block of a message, modal or Home tab, as @slack/types has it. */
export type Block = KnownBlock;
/** An element of an actions or input block. */
export type Element = Button | ActionsBlockElement | InputBlockElement;

export const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text: clip(text, 3000), emoji: true });
export const md = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text: clip(text, 3000) });

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(clip(text, 150)) });
export const section = (text: string, extra: Partial<SectionBlock> = {}): SectionBlock => ({ type: 'section', text: md(text), ...extra });
export const fields = (pairs: [string, string][]): SectionBlock => ({
  type: 'section',
  fields: pairs.slice(0, 10).map(([k, v]) => md(clip(`*${k}*\n${v}`, 2000))),
});
/**
 * Lines packed into as few sections as fit Slack's 3,000 characters each: a long list is shown whole, not cut.
 * The first section carries the title.
 */
export function sections(title: string, lines: string[], max = 3000): Block[] {
  const out: string[] = [];
  let current = title;
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > max && current) {
      out.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) out.push(current);
  return out.map((text) => section(text));
}
export const context = (text: string): ContextBlock => ({ type: 'context', elements: [md(text)] });
export const divider = (): DividerBlock => ({ type: 'divider' });
export const actions = (blockId: string, elements: ActionsBlockElement[]): ActionsBlock => ({
  type: 'actions',
  block_id: blockId,
  elements: elements.slice(0, 25),
});

export interface ConfirmDialog {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

export function button(
  text: string,
  actionId: string,
  value: string,
  opts: { style?: 'primary' | 'danger'; confirm?: ConfirmDialog; url?: string } = {},
): Button {
  return {
    type: 'button',
    text: plain(clip(text, 75)),
    action_id: actionId,
    value,
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.confirm
      ? {
          confirm: {
            title: plain(clip(opts.confirm.title, 100)),
            text: md(opts.confirm.text),
            confirm: plain(clip(opts.confirm.confirm, 30)),
            deny: plain(clip(opts.confirm.deny, 30)),
          },
        }
      : {}),
  };
}

export function input(blockId: string, label: string, element: InputBlockElement, opts: { optional?: boolean; hint?: string } = {}): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(clip(label, 2000)),
    element,
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: plain(clip(opts.hint, 2000)) } : {}),
  };
}

export const textInput = (actionId: string, initial?: string | null, opts: { multiline?: boolean; max?: number } = {}): PlainTextInput => ({
  type: 'plain_text_input',
  action_id: actionId,
  ...(initial ? { initial_value: clip(initial, opts.max ?? 3000) } : {}),
  ...(opts.multiline ? { multiline: true } : {}),
  ...(opts.max ? { max_length: opts.max } : {}),
});

/**
 * An option: text and description at most 75 characters each, the value at most 150 (option object reference). The text
 * may hold a person's data and is cut to fit; a description is the app's own words and is not cut, so that a translation
 * too long for Slack fails the tests (test/slack/every-surface.test.ts) instead of losing its end.
 */
export const option = (text: string, value: string, description?: string): PlainTextOption & { value: string } => ({
  text: plain(clip(text, 75)),
  value,
  ...(description ? { description: plain(description) } : {}),
});

export function modal(callbackId: string, title: string, blocks: Block[], opts: { submit?: string; close?: string; meta?: unknown } = {}): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(clip(title, 24)),
    ...(opts.submit ? { submit: plain(clip(opts.submit, 24)) } : {}),
    close: plain(clip(opts.close ?? '×', 24)),
    blocks,
    ...(opts.meta !== undefined ? { private_metadata: JSON.stringify(opts.meta) } : {}),
  };
}

/** A button's value names the contract and the version the person saw: a second click on an old view acts on nothing. */
export const contractRef = (c: { id: string; version: number }) => `${c.id}:${c.version}`;
export function parseContractRef(value: string | undefined): { id: string; version: number } | null {
  const m = CONTRACT_REF.exec(value ?? '');
  return m ? { id: m[1]!, version: Number(m[2]) } : null;
}
