// A command's or a click's response_url: where it points, and what a message sent to it does.
import { messageRefusal } from '../limits.js';
import type { Faults } from './faults.js';
import type { Ledger } from './ledger.js';
import type { Json } from './types.js';
import type { Workspace } from './workspace.js';

export function responseUrl(emulatorUrl: string, team: string, channel: string, user: string): string {
  return `${emulatorUrl}/respond/${encodeURIComponent(team)}/${encodeURIComponent(channel)}/${encodeURIComponent(user)}`;
}

/** The answer to a POST to a response_url (path `/respond/<team>/<channel>/<user>`): a status and a JSON body. */
export function answerResponseUrl(
  parts: { workspace: (team: string) => Workspace | undefined; faults: Faults; ledger: Ledger },
  path: string,
  args: Json,
): { status: number; payload: Json } {
  const { faults, ledger } = parts;
  const [, , team, channel, user] = path.split('/');
  const ws = parts.workspace(decodeURIComponent(team ?? ''));
  if (!ws) return { status: 404, payload: { ok: false, error: 'no_active_hooks' } };
  if (faults.inOutage()) {
    ledger.record('outage:response_url', args);
    return { status: 503, payload: { ok: false, error: 'service_unavailable' } };
  }
  // A response_url works for 30 minutes and five uses; `failures.set('response_url', …)` plays an expired one.
  const failure = faults.takeFailure('response_url');
  if (failure) {
    ledger.record('expired:response_url', args);
    return { status: failure.status ?? 404, payload: { ok: false, error: failure.error } };
  }
  ledger.record('response_url', args, { team: ws.teamId });
  // Response URLs take the same blocks as chat.postMessage; like incoming webhooks they refuse with HTTP 400.
  const refusal = args.delete_original ? null : messageRefusal(args);
  if (refusal) {
    ledger.violations.push({ method: 'response_url', problems: refusal.messages });
    return { status: 400, payload: { ok: false, error: refusal.error, response_metadata: { messages: refusal.messages } } };
  }
  respond(ws, decodeURIComponent(channel ?? ''), decodeURIComponent(user ?? ''), args);
  return { status: 200, payload: { ok: true } };
}

/** What a message sent to a response_url shows: in the channel, or to the user alone. */
export function respond(ws: Workspace, channel: string, user: string, a: Json): void {
  if (a.response_type === 'in_channel') {
    ws.post({ channel, ts: ws.nextTs(), text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, edits: 0, at: Date.now() });
    return;
  }
  if (a.replace_original || a.delete_original) return;
  ws.postEphemeral({ channel, user, text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, ts: ws.nextTs(), at: Date.now() });
}
