// The Block Kit checker refuses what Slack's reference says Slack refuses, and words it as Slack does.
import { describe, expect, it } from 'vitest';
import { checkMessage, checkView, messageRefusal, slackMessage, suggestionProblems, textAdvice, truncatedText, viewRefusal } from '../../src/sandbox/limits.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const x = (n: number) => 'x'.repeat(n);
const opt = (text: string, value = 'v', extra: Record<string, unknown> = {}) => ({ text: plain(text), value, ...extra });
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'modal', title: plain('t'), submit: plain('ok'), blocks, ...extra });
const input = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'input', label: plain('l'), element, ...extra });
const err = (message: string, pointer: string) => `[ERROR] ${message} [json-pointer:${pointer}]`;
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const button = (extra: Record<string, unknown> = {}) => ({ type: 'button', text: plain('b'), ...extra });
const confirm = (over: Record<string, unknown>) => button({ confirm: { title: plain('t'), text: md('t'), confirm: plain('y'), deny: plain('n'), ...over } });
const many = <T>(k: number, f: (i: number) => T) => Array.from({ length: k }, (_, i) => f(i));
const over = (max: number, pointer: string) => err(`must be less than ${max + 1} characters`, pointer);

describe('the symptom of issue 11', () => {
  it('refuses a radio option description of 99 characters and points at it', () => {
    const radio = { type: 'radio_buttons', action_id: 'channel', options: [opt('a', 'a'), opt('b', 'b', { description: plain(x(99)) })] };
    const r = viewRefusal(modal([{ type: 'section', text: md('s') }, input(radio)]));
    expect(r).toEqual({ error: 'invalid_arguments', messages: [over(75, '/view/blocks/1/element/options/1/description/text')] });
  });
  it('takes one of 75', () => {
    expect(checkView(modal([input({ type: 'radio_buttons', options: [opt('a', 'a', { description: plain(x(75)) })] })]))).toEqual([]);
  });
});

// One row per limit: [what, the payload's blocks (in a modal unless noted), the expected Slack line].
const ROWS: [string, unknown, string][] = [
  ['option text 75', input({ type: 'static_select', options: [opt(x(76))] }), over(75, '/view/blocks/0/element/options/0/text/text')],
  [
    'option value required',
    input({ type: 'static_select', options: [{ text: plain('a') }] }),
    err('must provide a value', '/view/blocks/0/element/options/0/value'),
  ],
  ['option value 150', input({ type: 'static_select', options: [opt('a', x(151))] }), over(150, '/view/blocks/0/element/options/0/value')],
  ['placeholder 150', input({ type: 'plain_text_input', placeholder: plain(x(151)) }), over(150, '/view/blocks/0/element/placeholder/text')],
  ['label 2000', { type: 'input', label: plain(x(2001)), element: { type: 'plain_text_input' } }, over(2000, '/view/blocks/0/label/text')],
  ['hint 2000', input({ type: 'plain_text_input' }, { hint: plain(x(2001)) }), over(2000, '/view/blocks/0/hint/text')],
  ['max_length 3000', input({ type: 'plain_text_input', max_length: 3001 }), err('must be no more than 3000', '/view/blocks/0/element/max_length')],
  [
    'min_length no more than max_length',
    input({ type: 'plain_text_input', min_length: 10, max_length: 5 }),
    err('must be no more than max_length', '/view/blocks/0/element/min_length'),
  ],
  ['max_length at least 1', input({ type: 'plain_text_input', max_length: 0 }), err('must be at least 1', '/view/blocks/0/element/max_length')],
  [
    'radio 10 options',
    input({ type: 'radio_buttons', options: Array.from({ length: 11 }, (_, i) => opt(`o${i}`, `v${i}`)) }),
    err('must provide no more than 10 items', '/view/blocks/0/element/options'),
  ],
  [
    'checkboxes 10 options',
    input({ type: 'checkboxes', options: Array.from({ length: 11 }, (_, i) => opt(`o${i}`, `v${i}`)) }),
    err('must provide no more than 10 items', '/view/blocks/0/element/options'),
  ],
  [
    'static select 100 options',
    input({ type: 'static_select', options: Array.from({ length: 101 }, (_, i) => opt(`o${i}`, `v${i}`)) }),
    err('must provide no more than 100 items', '/view/blocks/0/element/options'),
  ],
  [
    'option groups 100',
    input({ type: 'static_select', option_groups: Array.from({ length: 101 }, () => ({ label: plain('g'), options: [opt('a')] })) }),
    err('must provide no more than 100 items', '/view/blocks/0/element/option_groups'),
  ],
  [
    'option group label 75',
    input({ type: 'static_select', option_groups: [{ label: plain(x(76)), options: [opt('a')] }] }),
    over(75, '/view/blocks/0/element/option_groups/0/label/text'),
  ],
  [
    'initial option among options',
    input({ type: 'static_select', options: [opt('a', 'a')], initial_option: opt('b', 'b') }),
    err('must match one of the options', '/view/blocks/0/element/initial_option'),
  ],
  [
    'initial options among options',
    input({ type: 'checkboxes', options: [opt('a', 'a')], initial_options: [opt('a', 'a'), opt('c', 'c')] }),
    err('must match one of the options', '/view/blocks/0/element/initial_options/1'),
  ],
  ['overflow 2..5', actions({ type: 'overflow', options: [opt('a')] }), err('must provide at least 2 items', '/view/blocks/0/elements/0/options')],
  [
    'overflow at most 5',
    actions({ type: 'overflow', options: many(6, (i) => opt(`o${i}`)) }),
    err('must provide no more than 5 items', '/view/blocks/0/elements/0/options'),
  ],
  ['button value 2000', actions(button({ value: x(2001) })), over(2000, '/view/blocks/0/elements/0/value')],
  ['button url 3000', actions(button({ url: x(3001) })), over(3000, '/view/blocks/0/elements/0/url')],
  ['action_id 255', actions(button({ action_id: x(256) })), over(255, '/view/blocks/0/elements/0/action_id')],
  ['confirm title 100', actions(confirm({ title: plain(x(101)) })), over(100, '/view/blocks/0/elements/0/confirm/title/text')],
  ['confirm text 300', actions(confirm({ text: md(x(301)) })), over(300, '/view/blocks/0/elements/0/confirm/text/text')],
  ['confirm button 30', actions(confirm({ confirm: plain(x(31)) })), over(30, '/view/blocks/0/elements/0/confirm/confirm/text')],
  ['deny button 30', actions(confirm({ deny: plain(x(31)) })), over(30, '/view/blocks/0/elements/0/confirm/deny/text')],
  ['actions 25 elements', actions(...many(26, (i) => button({ action_id: `a${i}` }))), err('must provide no more than 25 items', '/view/blocks/0/elements')],
  ['context 10 elements', { type: 'context', elements: many(11, () => md('c')) }, err('must provide no more than 10 items', '/view/blocks/0/elements')],
  ['image alt text 2000', { type: 'image', image_url: 'https://x/y.png', alt_text: x(2001) }, over(2000, '/view/blocks/0/alt_text')],
  ['image url 3000', { type: 'image', image_url: x(3001), alt_text: 'a' }, over(3000, '/view/blocks/0/image_url')],
  ['header 150', { type: 'header', text: plain(x(151)) }, over(150, '/view/blocks/0/text/text')],
  ['header plain text only', { type: 'header', text: md('h') }, err('must be plain_text', '/view/blocks/0/text/type')],
  ['section fields 10', { type: 'section', fields: many(11, () => md('f')) }, err('must provide no more than 10 items', '/view/blocks/0/fields')],
  ['section field 2000', { type: 'section', fields: [md(x(2001))] }, over(2000, '/view/blocks/0/fields/0/text')],
  ['section needs text or fields', { type: 'section' }, err('must provide one of text, fields', '/view/blocks/0')],
  ['block_id 255', { type: 'divider', block_id: x(256) }, over(255, '/view/blocks/0/block_id')],
  ['a button is no input element', input({ type: 'button', text: plain('b') }), err('failed to match all allowed schemas', '/view/blocks/0/element')],
  ['empty text', { type: 'section', text: md('') }, err('must be at least 1 characters', '/view/blocks/0/text/text')],
];

describe('every limit of the reference', () => {
  it.each(ROWS)('%s', (_what, block, line) => {
    expect(checkView(modal([block]))).toEqual([line]);
  });
  it('block_id unique per view and per message, action_id unique per block', () => {
    const d = { type: 'divider', block_id: 'same' };
    expect(checkView(modal([d, d]))).toEqual([err('duplicate block_id same', '/view/blocks/1/block_id')]);
    expect(checkMessage({ blocks: [d, d] })).toEqual([err('duplicate block_id same', '/blocks/1/block_id')]);
    const b = { type: 'button', text: plain('b'), action_id: 'a' };
    expect(checkMessage({ blocks: [{ type: 'actions', elements: [b, b] }] })).toEqual([err('duplicate action_id a', '/blocks/0')]);
  });
  it('a modal: title, submit and close 24, a title, submit with inputs, 100 blocks, metadata 3000, callback_id 255, external_id 255', () => {
    const v = { type: 'modal', title: plain(x(25)), submit: plain(x(25)), close: plain(x(25)), blocks: [], callback_id: x(256), external_id: x(256) };
    expect(checkView(v)).toEqual([
      over(255, '/view/callback_id'),
      over(255, '/view/external_id'),
      over(24, '/view/title/text'),
      over(24, '/view/submit/text'),
      over(24, '/view/close/text'),
    ]);
    expect(checkView({ type: 'modal', blocks: [] })).toEqual([err('must provide a value', '/view/title')]);
    expect(checkView({ type: 'modal', title: plain('t'), blocks: [input({ type: 'plain_text_input' })] })).toEqual([
      err('must provide a value when the view has input blocks', '/view/submit'),
    ]);
    expect(checkView(modal(Array.from({ length: 101 }, () => ({ type: 'divider' }))))).toEqual([err('must provide no more than 100 items', '/view/blocks')]);
    expect(checkView({ type: 'home', blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) })).toEqual([]);
  });
  it('a message: 50 blocks, no input blocks, text or blocks', () => {
    expect(checkMessage({ text: 't', blocks: Array.from({ length: 50 }, () => ({ type: 'divider' })) })).toEqual([]);
    expect(checkMessage({ blocks: [input({ type: 'plain_text_input' })] })).toEqual([err('failed to match all allowed schemas', '/blocks/0')]);
    expect(messageRefusal({})).toEqual({ error: 'invalid_blocks', messages: [err('must provide text or blocks', '')] });
  });
  it('a type-ahead answer: option text 75, groups of at most 100', () => {
    expect(suggestionProblems({ option_groups: [{ label: plain('ok'), options: [opt('a')] }] })).toEqual([]);
    expect(suggestionProblems({ options: [opt(x(76))] }).map(slackMessage)).toEqual([over(75, '/options/0/text/text')]);
  });
  it('a view past 250 kB is view_too_large', () => {
    expect(viewRefusal(modal([{ type: 'section', text: md('s') }], { private_metadata: x(260_000) }))?.error).toBe('view_too_large');
  });
  it("a message text past 40,000 characters is cut with Slack's warning; past 4,000 it is advice only", () => {
    expect(truncatedText(x(40_000))).toBeNull();
    expect(truncatedText(x(40_001))).toEqual({ text: x(40_000), warning: expect.stringContaining('accepts up to 40,000 characters') });
    expect(textAdvice(x(4_000))).toBeNull();
    expect(textAdvice(x(4_001))).toContain('at most 4000');
  });
});
