// What a person's input looks like to the app: the block an action sits in, and a modal's state.values.
import type { Json } from './types.js';

export function findBlockId(blocks: Json[] | undefined, actionId: string): string | undefined {
  for (const b of blocks ?? []) {
    const els = [...((b.elements as Json[] | undefined) ?? []), ...(b.accessory ? [b.accessory as Json] : []), ...(b.element ? [b.element as Json] : [])];
    if (els.some((e) => e.action_id === actionId)) return b.block_id as string | undefined;
  }
  return undefined;
}

/** Slack's view.state.values: block_id -> action_id -> typed value. Fields the user leaves alone keep their initial value. */
export function buildState(blocks: Json[], values: Record<string, string | string[] | undefined>, files: (actionId: string) => Json[] = () => []): Json {
  const state: Json = {};
  for (const b of blocks ?? []) {
    if (b.type !== 'input' || !b.element) continue;
    const el = b.element as Json;
    const actionId = String(el.action_id);
    const given = actionId in values;
    const v = values[actionId];
    const initialOption = el.initial_option as Json | undefined;
    const initialOptions = (el.initial_options as Json[] | undefined) ?? [];
    const opt = (x: string) => ({ value: x, text: { type: 'plain_text', text: x } });
    const many = (x: string | string[] | undefined) => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
    let entry: Json;
    switch (el.type) {
      case 'plain_text_input':
      case 'email_text_input':
      case 'number_input':
        entry = { type: el.type, value: given ? (v === undefined ? null : String(v)) : (el.initial_value ?? null) };
        break;
      case 'static_select':
      case 'external_select':
      case 'radio_buttons':
        entry = { type: el.type, selected_option: given ? (v === undefined ? null : opt(String(v))) : (initialOption ?? null) };
        break;
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        entry = { type: el.type, selected_options: given ? many(v).map(opt) : initialOptions };
        break;
      case 'users_select':
        entry = { type: el.type, selected_user: given ? (v ?? null) : (el.initial_user ?? null) };
        break;
      case 'multi_users_select':
        entry = { type: el.type, selected_users: given ? many(v) : (el.initial_users ?? []) };
        break;
      case 'conversations_select':
        entry = { type: el.type, selected_conversation: given ? (v ?? null) : (el.initial_conversation ?? null) };
        break;
      case 'datepicker':
        entry = { type: el.type, selected_date: given ? (v ?? null) : (el.initial_date ?? null) };
        break;
      case 'file_input':
        // The files the person attached (file-input.ts), as Slack's file objects.
        entry = { type: el.type, files: files(actionId) };
        break;
      default:
        entry = { type: el.type, value: v ?? null };
    }
    state[String(b.block_id)] = { [actionId]: entry };
  }
  return state;
}

/** An input's entry in state.values that holds nothing: no text, no choice, no person, no date, no file. */
function isEmpty(entry: Json): boolean {
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'type') continue;
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v) && !v.length) continue;
    return false;
  }
  return true;
}

/**
 * The input blocks Slack's client will not submit empty: every input block is required unless `optional` (Block Kit's
 * input block reference). The client shows its own words under each and sends no view_submission; the app never hears
 * of it (slackapi/bolt-js#1267, #1317: "Please complete this required field").
 */
export function emptyRequired(blocks: Json[], state: Json): string[] {
  const out: string[] = [];
  for (const b of blocks ?? []) {
    if (b.type !== 'input' || b.optional || !b.element) continue;
    const entry = (state[String(b.block_id)] as Json | undefined)?.[String((b.element as Json).action_id)] as Json | undefined;
    if (!entry || isEmpty(entry)) out.push(String(b.block_id));
  }
  return out;
}

/** The client's words under an empty required field, in the person's client language. */
export const requiredWords = (locale: string | undefined): string =>
  locale?.toLowerCase().startsWith('zh') ? '请填写此必填项' : 'Please complete this required field';
