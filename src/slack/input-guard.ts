// Every piece of free text a person sends the app passes through here before any listener sees it, whichever the
// transport (HTTP or Socket Mode) and whichever the surface: modal fields, slash-command arguments, type-ahead
// queries. The policy itself is cleanText (src/domain/text.ts); this file only applies it to Slack's payload shapes
// and answers a refusal where the person will see it, in their language.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { DomainError } from '../domain/errors.js';
import { cleanText, stripUnprintable, type TextKind } from '../domain/text.js';
import { accountForTeam, localeOf, refusalText, type SlackDeps } from './context.js';

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The input blocks of a view that take several lines; a forged view without blocks gets the stricter one-line rule. */
function multilineBlocks(blocks: unknown): Set<string> {
  const out = new Set<string>();
  for (const b of Array.isArray(blocks) ? blocks : []) {
    if (isObject(b) && isObject(b.element) && b.element.multiline === true && typeof b.block_id === 'string') out.add(b.block_id);
  }
  return out;
}

/**
 * A submitted view's state with every string a person typed or picked cleaned, and the refusals by block_id (where
 * Slack shows an inline error). Pure: the input is not changed.
 */
export function screenViewState(values: unknown, blocks: unknown): { values: Json; refused: Record<string, DomainError> } {
  const multi = multilineBlocks(blocks);
  const refused: Record<string, DomainError> = {};
  const clean = (blockId: string, kind: TextKind) => (s: unknown) => {
    if (typeof s !== 'string') return s;
    const r = cleanText(s, kind);
    if (r.ok) return r.value;
    refused[blockId] ??= r.error;
    return s;
  };
  const out: Json = {};
  for (const [blockId, actions] of Object.entries(isObject(values) ? values : {})) {
    if (!isObject(actions)) {
      out[blockId] = actions;
      continue;
    }
    const line = clean(blockId, 'line');
    const cleanedActions: Json = {};
    for (const [actionId, entry] of Object.entries(actions)) {
      if (!isObject(entry)) {
        cleanedActions[actionId] = entry;
        continue;
      }
      const e: Json = { ...entry };
      if ('value' in e) e.value = clean(blockId, multi.has(blockId) ? 'lines' : 'line')(e.value);
      if (isObject(e.selected_option)) e.selected_option = { ...e.selected_option, value: line(e.selected_option.value) };
      if (Array.isArray(e.selected_options)) e.selected_options = e.selected_options.map((o) => (isObject(o) ? { ...o, value: line(o.value) } : o));
      for (const k of ['selected_user', 'selected_conversation', 'selected_channel', 'selected_date'] as const) if (k in e) e[k] = line(e[k]);
      if (Array.isArray(e.selected_users)) e.selected_users = e.selected_users.map(line);
      cleanedActions[actionId] = e;
    }
    out[blockId] = cleanedActions;
  }
  return { values: out, refused };
}

export function inputGuard(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Json;
    const ack = (args as { ack?: (r?: unknown) => Promise<void> }).ack;
    const user = isObject(body.user) ? String(body.user.id ?? '') : String(body.user_id ?? '');
    const team = isObject(body.team) ? String(body.team.id ?? '') : String(body.team_id ?? (isObject(body.user) ? (body.user.team_id ?? '') : ''));
    const locale = async () => localeOf(deps, args.client, await accountForTeam(deps, team || undefined), user, team);

    if (body.type === 'view_submission' && isObject(body.view)) {
      const state = isObject(body.view.state) ? body.view.state : (body.view.state = {});
      const screened = screenViewState(state.values, body.view.blocks);
      const blocks = Object.keys(screened.refused);
      if (blocks.length && ack) {
        const l = await locale();
        deps.log.info({ blocks, user }, 'submission refused: unprintable text');
        await ack({ response_action: 'errors', errors: Object.fromEntries(blocks.map((b) => [b, screened.refused[b]!.message[l]])) });
        return;
      }
      // Listeners read the cleaned text (the view object Bolt gives them is this one).
      state.values = screened.values;
    } else if (typeof body.command === 'string' && typeof body.text === 'string') {
      const r = cleanText(body.text, 'line');
      if (!r.ok && ack) {
        await ack({ response_type: 'ephemeral', text: refusalText(r.error, await locale()) });
        return;
      }
      if (r.ok) body.text = r.value;
    } else if (body.type === 'block_suggestion' && typeof body.value === 'string') {
      // A type-ahead query is searched with, never stored: what cannot be typed is dropped rather than refused.
      body.value = stripUnprintable(body.value);
    }
    await args.next();
  };
}
