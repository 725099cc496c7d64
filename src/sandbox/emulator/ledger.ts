// What the app asked of Slack, and what real Slack would have refused or warned about: the record tests read.
import { messageRefusal, textAdvice, truncatedText } from '../limits.js';
import { type Json, SlackApiError } from './types.js';

/** One Web API call as Slack received it: the workspace its token belongs to, and the token itself (tests check that a
 * revoked token is never used again). */
export interface EmuCall {
  method: string;
  args: Json;
  team?: string;
  token?: string;
}

export class Ledger {
  readonly calls: EmuCall[] = [];
  /** Every payload the app sent that real Slack would have refused, with the reason. */
  readonly violations: { method: string; problems: string[] }[] = [];
  /** Messages whose text Slack would take but advises against (over 4,000 characters): worth a look, not a refusal. */
  readonly advice: { method: string; note: string }[] = [];

  record(method: string, args: Json, who: { team?: string; token?: string } = {}): void {
    this.calls.push({ method, args, ...who });
  }

  /** Refuses as Slack does: the error code it answers, with its `[ERROR] … [json-pointer:…]` lines. */
  refuse(method: string, refusal: { error: string; messages: string[] } | null): void {
    if (!refusal) return;
    this.violations.push({ method, problems: refusal.messages.length ? refusal.messages : [refusal.error] });
    throw new SlackApiError(refusal.error, refusal.messages);
  }

  /**
   * Checks a message's blocks, and cuts an over-long text as Slack does (posted, with a warning): the fields to add
   * to the answer.
   */
  takeMessage(method: string, a: Json): Json {
    this.refuse(method, messageRefusal(a));
    const note = textAdvice(a.text);
    if (note) this.advice.push({ method, note });
    const cut = truncatedText(a.text);
    if (!cut) return {};
    a.text = cut.text;
    return cut.warning ? { warning: 'message_truncated', response_metadata: { messages: [cut.warning], warnings: ['message_truncated'] } } : {};
  }
}
