// The way to the app: signed HTTP requests to its /slack/events, or envelopes over the Socket Mode WebSocket.
import { signSlackRequest } from '../../slack/request-signature.js';
import { type EnvelopeType, SocketModeLink } from '../socket-mode.js';
import { APP_ID, type AppResponse, type Json, type Transport } from './types.js';

export class AppLink {
  /** Slack's side of Socket Mode: tickets, the WebSocket, envelopes and acks. */
  readonly socketMode = new SocketModeLink(APP_ID);
  private appUrl = '';
  private signingSecret = '';

  constructor(
    readonly transport: Transport,
    private readonly appToken: string | undefined,
  ) {}

  /** Where the app listens and the secret it checks: every request sent there is signed. */
  connect(appUrl: string, signingSecret: string): void {
    this.appUrl = appUrl.replace(/\/$/, '');
    this.signingSecret = signingSecret;
  }

  /**
   * apps.connections.open takes an app-level token, in the Authorization header only (Slack refuses it as a POST
   * parameter), and answers a single-use WebSocket URL.
   */
  openConnection(authorization: string, args: Json, emulatorUrl: string): Json {
    const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (!token) return { ok: false, error: args.token ? 'invalid_arguments' : 'not_authed' };
    if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (this.appToken !== undefined && token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    return { ok: true, url: this.socketMode.openTicket(emulatorUrl) };
  }

  /**
   * One payload to the app over the chosen transport. Over HTTP each kind has Slack's encoding (a form for commands,
   * a form with a `payload` field for interactivity, JSON for events) and the response body is the app's answer;
   * over Socket Mode it is an envelope and the ack's payload is the answer, so callers read both the same way.
   */
  async send(type: EnvelopeType, payload: Json): Promise<AppResponse> {
    if (this.transport === 'http') {
      if (type === 'events_api') return this.post(JSON.stringify(payload), 'application/json');
      const form =
        type === 'slash_commands' ? new URLSearchParams(payload as Record<string, string>) : new URLSearchParams({ payload: JSON.stringify(payload) });
      return this.post(form.toString(), 'application/x-www-form-urlencoded');
    }
    const r = await this.socketMode.deliver(type, payload, type !== 'events_api');
    if (!r.acked) return { status: r.reason === 'no_ack' ? 504 : 503, body: r.reason };
    const empty = Object.keys(r.payload).length === 0;
    return { status: 200, body: empty ? '' : JSON.stringify(r.payload), ...(empty ? {} : { json: r.payload }) };
  }

  /** Sends a raw body with chosen headers (security tests). */
  raw(body: string, headers: Record<string, string>, contentType: string): Promise<AppResponse> {
    const sent = fetch(`${this.appUrl}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
    return sent.then(async (res) => ({ status: res.status, body: await res.text() }));
  }

  private async post(body: string, contentType: string): Promise<AppResponse> {
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.appUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(this.signingSecret, ts, body) },
      body,
    });
    const text = await res.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: text, ...(json ? { json } : {}) };
  }
}
