// Checks a message or a view the way Slack's Web API does and words each problem as Slack does:
// "[ERROR] must be less than 76 characters [json-pointer:/view/blocks/1/element/options/0/description/text]".
// Pure: the numbers live in block-kit-limits.ts; no npm package checks Block Kit at run time.
import {
  BLOCKS,
  COMPOSITION,
  ELEMENTS,
  type Field,
  MESSAGE_TEXT,
  type Shape,
  SURFACES,
  TEXT_OBJECT,
  VIEW_BYTES,
  VIEW_FIELDS,
  VIEW_ONLY_BLOCKS,
} from './block-kit-limits.js';

type Json = Record<string, unknown>;
type Surface = keyof typeof SURFACES;

export interface Problem {
  pointer: string;
  message: string;
}

/** Slack's wording for a refused field, which tests and logs can match on. */
export const slackMessage = (p: Problem) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// Slack counts characters as JavaScript does (UTF-16 code units); its messages say "less than max + 1".
const tooLong = (max: number) => `must be less than ${max + 1} characters`;
const NO_SCHEMA = 'failed to match all allowed schemas';

class Walk {
  readonly out: Problem[] = [];
  constructor(readonly surface: Surface) {}

  add(pointer: string, message: string): void {
    this.out.push({ pointer, message });
  }

  text(v: unknown, at: string, max: number, plainOnly: boolean): void {
    if (!isObj(v) || typeof v.text !== 'string') return this.add(at, 'must provide an object with a text field');
    const typeOk = v.type === 'plain_text' || (!plainOnly && v.type === 'mrkdwn');
    if (!typeOk) this.add(`${at}/type`, plainOnly ? 'must be plain_text' : 'must be plain_text or mrkdwn');
    if (v.text.length < TEXT_OBJECT.min) this.add(`${at}/text`, `must be at least ${TEXT_OBJECT.min} characters`);
    if (v.text.length > Math.min(max, TEXT_OBJECT.max)) this.add(`${at}/text`, tooLong(Math.min(max, TEXT_OBJECT.max)));
  }

  shape(obj: Json, shape: Shape, at: string): void {
    for (const [name, rule] of Object.entries(shape.fields)) this.field(obj, name, rule, at);
    if (shape.oneOf && !shape.oneOf.some((k) => obj[k] !== undefined)) this.add(at, `must provide one of ${shape.oneOf.join(', ')}`);
    const [low, high] = shape.ordered ?? [];
    if (low && high && typeof obj[low] === 'number' && typeof obj[high] === 'number' && obj[low] > obj[high]) {
      this.add(`${at}/${low}`, `must be no more than ${high}`);
    }
  }

  field(obj: Json, name: string, rule: Field, at: string): void {
    const v = obj[name];
    const here = `${at}/${name}`;
    if (v === undefined || v === null) {
      if (rule.required) this.add(here, 'must provide a value');
      return;
    }
    if (rule.items) {
      if (!Array.isArray(v)) return this.add(here, 'must provide an array');
      const [min, max] = rule.items;
      if (v.length < min) this.add(here, `must provide at least ${min} items`);
      if (v.length > max) this.add(here, `must provide no more than ${max} items`);
      v.forEach((item, i) => this.nested(item, rule, `${here}/${i}`));
      return;
    }
    if (rule.str !== undefined) {
      if (typeof v !== 'string') return this.add(here, 'must be a string');
      if (v.length > rule.str) this.add(here, tooLong(rule.str));
      return;
    }
    if (rule.range) {
      const [min, max] = rule.range;
      if (typeof v !== 'number' || !Number.isInteger(v)) return this.add(here, 'must be an integer');
      if (v < min) this.add(here, `must be at least ${min}`);
      if (v > max) this.add(here, `must be no more than ${max}`);
      return;
    }
    if (Array.isArray(v) && rule.among) {
      v.forEach((item, i) => this.nested(item, rule, `${here}/${i}`));
      return;
    }
    this.nested(v, rule, here);
  }

  nested(v: unknown, rule: Field, at: string): void {
    switch (rule.of) {
      case 'text':
      case 'plain':
        return this.text(v, at, rule.text ?? TEXT_OBJECT.max, rule.of === 'plain');
      case 'element':
        return this.element(v, at, rule.allow);
      case 'contextElement':
        if (isObj(v) && v.type === 'image') return this.element(v, at, ['image']);
        return this.text(v, at, TEXT_OBJECT.max, false);
      case 'option':
      case 'optionGroup':
      case 'confirm':
        if (!isObj(v)) return this.add(at, 'must provide an object');
        return this.shape(v, COMPOSITION[rule.of], at);
      default:
        return;
    }
  }

  element(v: unknown, at: string, allow?: readonly string[]): void {
    if (!isObj(v)) return this.add(at, 'must provide an object');
    const type = String(v.type);
    const shape = ELEMENTS[type];
    if (!shape || (allow && !allow.includes(type))) return this.add(at, NO_SCHEMA);
    this.shape(v, shape, at);
    this.initialOptionsAmongOptions(v, at);
  }

  /** initial_option(s) must exactly match options offered (checkboxes, radio and static select references). */
  initialOptionsAmongOptions(el: Json, at: string): void {
    const grouped = ((el.option_groups as Json[] | undefined) ?? []).flatMap((g) => (g.options as Json[]) ?? []);
    const offered = [...((el.options as Json[] | undefined) ?? []), ...grouped];
    if (!offered.length) return;
    const keys = new Set(offered.map((o) => JSON.stringify(o)));
    const check = (o: unknown, where: string) => {
      if (!keys.has(JSON.stringify(o))) this.add(where, 'must match one of the options');
    };
    if (el.initial_option !== undefined) check(el.initial_option, `${at}/initial_option`);
    if (Array.isArray(el.initial_options)) el.initial_options.forEach((o, i) => check(o, `${at}/initial_options/${i}`));
  }

  block(b: unknown, at: string): void {
    if (!isObj(b)) return this.add(at, 'must provide an object');
    const type = String(b.type);
    const shape = BLOCKS[type];
    if (!shape || (this.surface === 'message' && VIEW_ONLY_BLOCKS.has(type))) return this.add(at, NO_SCHEMA);
    this.shape(b, shape, at);
    // action_id "should be unique among all other action_ids in the containing block" (block elements reference).
    const els = [...(Array.isArray(b.elements) ? b.elements : []), ...(isObj(b.accessory) ? [b.accessory] : []), ...(isObj(b.element) ? [b.element] : [])];
    const seen = new Set<string>();
    els.forEach((e: Json) => {
      if (typeof e?.action_id !== 'string') return;
      if (seen.has(e.action_id)) this.add(`${at}`, `duplicate action_id ${e.action_id}`);
      seen.add(e.action_id);
    });
  }

  blocks(blocks: unknown, at: string): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return this.add(at, 'must provide an array');
    const max = SURFACES[this.surface].blocks;
    if (blocks.length > max) this.add(at, `must provide no more than ${max} items`);
    // block_id "should be unique for each message or view" (blocks reference); Slack refuses a repeated one.
    const ids = new Set<string>();
    blocks.forEach((b: unknown, i) => {
      this.block(b, `${at}/${i}`);
      const id = isObj(b) ? b.block_id : undefined;
      if (typeof id !== 'string') return;
      if (ids.has(id)) this.add(`${at}/${i}/block_id`, `duplicate block_id ${id}`);
      ids.add(id);
    });
  }
}

/** Problems Slack would refuse a message's blocks for (chat.postMessage, chat.update, chat.postEphemeral). */
export function messageProblems(args: Json): Problem[] {
  const w = new Walk('message');
  if (args.text === undefined && args.blocks === undefined) w.add('', 'must provide text or blocks');
  w.blocks(args.blocks, '/blocks');
  return w.out;
}

/** Problems Slack would refuse a view for (views.open, push, update, publish); pointers start at /view as Slack's do. */
export function viewProblems(view: unknown): Problem[] {
  if (!isObj(view)) return [{ pointer: '/view', message: 'must provide an object' }];
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  const w = new Walk(surface);
  if (view.type !== 'home' && view.type !== 'modal') w.add('/view/type', NO_SCHEMA);
  w.blocks(view.blocks ?? (w.add('/view/blocks', 'must provide a value'), undefined), '/view/blocks');
  for (const [name, rule] of Object.entries(VIEW_FIELDS)) w.field(view, name, rule, '/view');
  if (surface === 'modal') {
    const m = SURFACES.modal;
    w.field(view, 'title', { of: 'plain', text: m.title, required: true }, '/view');
    w.field(view, 'submit', { of: 'plain', text: m.submit }, '/view');
    w.field(view, 'close', { of: 'plain', text: m.close }, '/view');
    // "submit is required when an input block is within the blocks array" (modal view reference).
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b: Json) => b?.type === 'input');
    if (hasInput && !view.submit) w.add('/view/submit', 'must provide a value when the view has input blocks');
  }
  return w.out;
}

/** Problems with an answer to a type-ahead (block_suggestion): its option objects and option groups. */
export function suggestionProblems(answer: Json): Problem[] {
  const w = new Walk('modal');
  w.field(answer, 'options', { of: 'option', items: [0, 100] }, '');
  w.field(answer, 'option_groups', { of: 'optionGroup', items: [0, 100] }, '');
  return w.out;
}

/** The error code Slack answers a refused view with: view_too_large past 250 kB, else invalid_arguments. */
export function viewRefusal(view: unknown): { error: string; messages: string[] } | null {
  if (JSON.stringify(view ?? null).length > VIEW_BYTES) return { error: 'view_too_large', messages: [] };
  const problems = viewProblems(view);
  return problems.length ? { error: 'invalid_arguments', messages: problems.map(slackMessage) } : null;
}

/** The error Slack answers refused message blocks with: invalid_blocks. */
export function messageRefusal(args: Json): { error: string; messages: string[] } | null {
  const problems = messageProblems(args);
  return problems.length ? { error: 'invalid_blocks', messages: problems.map(slackMessage) } : null;
}

/** Slack posts an over-long text cut at 40,000 characters and warns (the truncation changelog); it never refuses it. */
export function truncatedText(text: unknown): { text: string; warning: string } | null {
  if (typeof text !== 'string' || text.length <= MESSAGE_TEXT.truncateAt) return null;
  const warning = '[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.';
  return { text: text.slice(0, MESSAGE_TEXT.truncateAt), warning };
}

/** Not a refusal: Slack asks apps to keep a message's text under 4,000 characters, and may split longer ones. */
export function textAdvice(text: unknown): string | null {
  if (typeof text !== 'string' || text.length <= MESSAGE_TEXT.advisedMax) return null;
  return `text is ${text.length} characters; Slack advises at most ${MESSAGE_TEXT.advisedMax}`;
}

// The checks as strings, for callers that only need to know whether Slack would take the payload.
export const checkMessage = (args: Json): string[] => messageProblems(args).map(slackMessage);
// Any view object a test holds (a typed @slack/types view included) is read as the JSON Slack would receive.
export const checkView = (view: object): string[] => viewProblems(view as Json).map(slackMessage);
