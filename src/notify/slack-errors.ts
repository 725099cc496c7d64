// How a failed Slack call should be retried. Errors that no retry can cure wait for a person instead of running out
// a backoff: the list comes from Slack's method references (chat.postMessage, conversations.history/replies/join,
// files.completeUploadExternal) and the errors every method can return.

/** The app cannot see or post in the channel: invite it, or choose another channel. */
const CHANNEL = ['not_in_channel', 'channel_not_found', 'is_archived', 'method_not_supported_for_channel_type', 'restricted_action'];
/** The token or the installation: reinstall the app, or grant the missing scope. */
const INSTALLATION = [
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'access_denied',
  'ekm_access_denied',
  'team_access_not_granted',
  'org_login_required',
];
const PERMANENT_ERRORS: ReadonlySet<string> = new Set([...CHANNEL, ...INSTALLATION]);

export type Failure =
  | { kind: 'permanent'; code: string }
  | { kind: 'rateLimited'; retryAfterMs: number; why: string }
  | { kind: 'notSent'; why: string }
  | { kind: 'transient'; why: string };

interface WebApiError {
  code?: string;
  original?: { code?: string; cause?: { code?: string } };
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
}

export function slackErrorCode(e: unknown): string | null {
  return (e as WebApiError)?.data?.error ?? null;
}

export function classify(e: unknown): Failure {
  const err = (e ?? {}) as WebApiError;
  const code = err.data?.error;
  if (code && PERMANENT_ERRORS.has(code)) return { kind: 'permanent', code };
  const why = `${err.code ?? 'error'}: ${code ?? err.message ?? String(e)}`.slice(0, 500);
  if (typeof err.retryAfter === 'number') return { kind: 'rateLimited', retryAfterMs: err.retryAfter * 1000, why };
  // The gate did not send the call (the app is stopping): no attempt was made.
  if ((err.original?.code ?? err.original?.cause?.code) === 'EGATECLOSED') return { kind: 'notSent', why };
  return { kind: 'transient', why };
}

/**
 * Whether Slack may have done what a call asked although the app never heard so: a timeout or a connection cut after
 * sending (the WebClient's request error), or a 5xx (Slack's edge lost the answer, or an outage). Slack's own answers
 * (`ok: false`, a 429) and a connection that never opened say for sure that nothing was done.
 */
export function outcomeUnknown(e: unknown): boolean {
  const err = (e ?? {}) as WebApiError;
  if (err.code === 'slack_webapi_http_error') return (err.statusCode ?? 0) >= 500;
  if (err.code !== 'slack_webapi_request_error') return false;
  const cause = err.original?.code ?? err.original?.cause?.code;
  // A connection never opened, or the gate (src/slack/gate.ts) never sent the call: nothing reached Slack.
  return cause !== 'ECONNREFUSED' && cause !== 'EGATECLOSED';
}
