// When Slack refuses to show a view (views.open, push, update, publish answer an error), the person who asked for it
// would see nothing at all: Slack shows no error of its own for a refused API call. They are told in their language,
// and the log keeps Slack's reasons (its "[ERROR] … [json-pointer:…]" lines) for the team.
import type { Logger } from '../log.js';
import { type Locale, t } from './i18n.js';

export interface Refusal {
  method: string;
  error: string;
  messages: string[];
  /** Slack did not answer (an outage, a timeout, a 5xx) rather than refuse the view. */
  unreachable: boolean;
}

/** What Slack said, read from @slack/web-api's error (a platform error carries Slack's answer in `data`). */
export function refusalOf(method: string, e: unknown): Refusal {
  const err = e as { code?: string; message?: string; data?: { error?: string; response_metadata?: { messages?: string[] } } };
  return {
    method,
    error: err.data?.error ?? err.code ?? String(err.message ?? e),
    messages: err.data?.response_metadata?.messages ?? [],
    unreachable: err.code !== 'slack_webapi_platform_error',
  };
}

export interface Tell {
  l: Locale;
  log: Logger;
  /** Sends the person a message only they see (an ephemeral reply or a DM). */
  tell: (text: string) => Promise<unknown>;
}

/** Logs Slack's refusal for the team and tells the person; a failure to tell is logged, never thrown. */
export async function reportRefusal(r: Refusal, o: Tell): Promise<void> {
  o.log.error({ slackMethod: r.method, slackError: r.error, slackMessages: r.messages }, 'Slack refused a view');
  try {
    await o.tell(t(r.unreachable ? 'slackUnavailable' : 'viewRefused', o.l));
  } catch (e) {
    o.log.error({ err: e }, 'could not tell the person that Slack refused a view');
  }
}

/** Runs one views.* call; if Slack refuses it, the person is told and the answer is null. */
export async function showView<T>(method: string, call: () => Promise<T>, o: Tell): Promise<T | null> {
  try {
    return await call();
  } catch (e) {
    await reportRefusal(refusalOf(method, e), o);
    return null;
  }
}
