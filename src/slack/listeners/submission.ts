// What every modal submission listener shares: the account and language of the person, answers Slack understands
// (each refusal under its field, the next step, or done), and the state and metadata parsed with their schemas.
import type { SlackViewAction, ViewOutput } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ZodType } from 'zod';
import type { DomainError } from '../../domain/errors.js';
import type { FieldErrors } from '../../domain/inputs.js';
import { accountAndLocale, type SlackDeps, userActor } from '../context.js';
import { type Locale, t } from '../i18n.js';
import { parseState } from '../payloads.js';
import type { Handler, ViewArgs, ViewRouter } from '../routes.js';
import { doneView } from '../views/wizard.js';

export type Answer =
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: View }
  | { response_action: 'push'; view: View }
  | { response_action: 'clear' };

export const errors = (block: string, message: string): Answer => ({ response_action: 'errors', errors: { [block]: message } });
export const update = (view: View): Answer => ({ response_action: 'update', view });

/** A form's refusals, each under the block of its field, in the person's language. */
export function fieldErrors<F extends string>(errs: FieldErrors<F>, blocks: Record<F, string>, l: Locale): Answer {
  const out: Record<string, string> = {};
  for (const [field, e] of Object.entries(errs) as [F, DomainError | undefined][]) if (e) out[blocks[field]] = e.message[l];
  return { response_action: 'errors', errors: out };
}

/** The person's account, language and actor (null when the workspace has no account). */
export async function who(deps: SlackDeps, body: SlackViewAction, client: ViewArgs['client']) {
  const { account, l } = await accountAndLocale(deps, client, body);
  return { account, l, actor: account ? userActor(account, body.user.id) : null };
}

/** A submitted form's values by its schema (payloads.ts STATE); a block of the wrong shape is refused under itself. */
export function readState<T>(schema: ZodType<T>, view: ViewOutput, fallbackBlock: string, l: Locale) {
  const r = parseState(schema, view.state?.values);
  if (r.ok) return { ok: true as const, value: r.value };
  const answer: Answer = { response_action: 'errors', errors: Object.fromEntries(r.blocks.map((b) => [b || fallbackBlock, t('fieldUnreadable', l)])) };
  return { ok: false as const, answer };
}

/**
 * Registers a submission handler that answers whatever happens: an unexpected error still closes the loop with a
 * message instead of leaving Slack to time out on the person.
 */
export function onSubmit(
  router: ViewRouter,
  deps: SlackDeps,
  callbackId: string,
  handler: (args: ViewArgs, answer: (a?: Answer) => Promise<void>) => Promise<unknown>,
): void {
  const wrapped: Handler<ViewArgs> = async (args) => {
    let acked = false;
    const answer = async (a?: Answer) => {
      acked = true;
      await args.ack(a);
    };
    try {
      await handler(args, answer);
    } catch (e) {
      deps.log.error({ err: e, callbackId }, 'view submission failed');
      if (!acked) await answer(update(doneView('zh', `${t('somethingWrong', 'zh')} / ${t('somethingWrong', 'en')}`)));
    }
  };
  router.view(callbackId, wrapped);
}

/** A submission of a form this app does not know (an old version's, a forged one) is told so at once. */
export const unknownView: Handler<ViewArgs> = ({ ack }) =>
  ack(update(doneView('zh', '此表单已失效，请重新打开。/ This form is no longer valid; open it again.')));
