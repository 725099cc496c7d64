// Slack's side of Socket Mode, for the emulator: tickets handed out by apps.connections.open, the WebSocket the app
// dials with one, `hello`, envelopes, the app's acks, `disconnect`. The protocol as docs.slack.dev's "Using Socket
// Mode" describes it (hello with num_connections, debug_info and connection_info.app_id; envelopes with envelope_id,
// type, payload, accepts_response_payload; acks {envelope_id, payload?}; disconnect with a reason) and as
// @slack/socket-mode reads it (the hello marks the client connected; a disconnect makes it reconnect).
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

type Json = Record<string, unknown>;

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

/** What the app answered: the ack's payload, or why there was none. */
export type AckResult = { acked: true; payload: Json } | { acked: false; reason: 'no_ack' | 'not_connected' };

/** Slack waits three seconds for an ack, then tells the person the app did not respond (and retries events). */
const ACK_TIMEOUT_MS = 3_000;
/** A ticket is single-use and short-lived, as Slack's are. */
const TICKET_TTL_MS = 30_000;
export const SOCKET_PATH = '/link/';

interface Pending {
  resolve: (r: AckResult) => void;
  timer: NodeJS.Timeout;
}

export class SocketModeLink {
  /** Every frame the app sent that is not a valid ack of an envelope still waiting (a second ack, an unknown id). */
  readonly strayFrames: unknown[] = [];
  /** How many connections were opened (a reconnect after `disconnect` adds one). */
  opened = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly live: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly appId: string,
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {}

  /** apps.connections.open: a fresh single-use URL on `baseUrl` (http → ws). */
  openTicket(baseUrl: string): string {
    const ticket = randomBytes(12).toString('hex');
    this.tickets.set(ticket, Date.now() + TICKET_TTL_MS);
    return `${baseUrl.replace(/^http/, 'ws')}${SOCKET_PATH}?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** The HTTP server's 'upgrade' event: a valid ticket gets a WebSocket and a hello, anything else a 401 and a closed socket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    const expires = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (url.pathname !== SOCKET_PATH || !expires || expires < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.opened += 1;
    this.live.push(ws);
    ws.on('message', (data, isBinary) => this.onFrame(isBinary ? null : data.toString()));
    ws.on('close', () => {
      const i = this.live.indexOf(ws);
      if (i >= 0) this.live.splice(i, 1);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.live.length,
        debug_info: { host: 'applink-emulator', build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: this.appId },
      }),
    );
    for (const w of this.waiters.splice(0)) w();
  }

  private onFrame(text: string | null): void {
    let frame: unknown;
    try {
      frame = text === null ? null : JSON.parse(text);
    } catch {
      frame = text;
    }
    const id = frame && typeof frame === 'object' ? (frame as Json).envelope_id : undefined;
    const waiting = typeof id === 'string' ? this.pending.get(id) : undefined;
    if (!waiting) {
      this.strayFrames.push(frame);
      return;
    }
    this.pending.delete(id as string);
    clearTimeout(waiting.timer);
    const payload = (frame as Json).payload;
    waiting.resolve({ acked: true, payload: payload && typeof payload === 'object' ? (payload as Json) : {} });
  }

  get connections(): number {
    return this.live.length;
  }

  /** Resolves once a connection is open (the app reconnecting after a disconnect), or false after `ms`. */
  waitForConnection(ms = 10_000): Promise<boolean> {
    if (this.live.length) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Sends one envelope on the newest connection and waits for its ack. Slack holds a payload for a while when the
   * app is between connections; so does this, up to the ack timeout.
   */
  async deliver(type: EnvelopeType, payload: Json, acceptsResponsePayload: boolean): Promise<AckResult> {
    if (!(await this.waitForConnection(this.ackTimeoutMs))) return { acked: false, reason: 'not_connected' };
    const ws = this.live.at(-1)!;
    const envelopeId = randomUUID();
    return new Promise<AckResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ acked: false, reason: 'no_ack' });
      }, this.ackTimeoutMs);
      this.pending.set(envelopeId, { resolve, timer });
      const retry = type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {};
      ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: acceptsResponsePayload, ...retry }));
    });
  }

  /** Slack's `disconnect` message on every open connection; the client is expected to close and dial a new URL. */
  disconnect(reason: DisconnectReason): void {
    for (const ws of this.live) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-emulator' } }));
  }

  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ acked: false, reason: 'not_connected' });
    }
    this.pending.clear();
    for (const ws of this.live.splice(0)) ws.terminate();
    this.wss.close();
  }
}
