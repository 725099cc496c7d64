// Faults Slack shows an app: outages, calls that fail, answers lost after the work is done, and membership refusals.
import type { ServerResponse } from 'node:http';
import type { Ledger } from './ledger.js';
import { type Json, SlackApiError } from './types.js';
import type { Workspace } from './workspace.js';

type Room = { name: string; isPrivate: boolean; archived: boolean; botMember: boolean };

export class Faults {
  /** Fail the next calls of these methods with this error (tests of error paths). */
  readonly failures = new Map<string, { error: string; status?: number; retryAfter?: number; times: number }>();
  /** Until this time (ms since epoch) every Web API call fails with 503, as in a Slack outage. */
  outageUntil = 0;
  /**
   * The next calls of these methods do their work and then fail to say so: a 500 after saving, or no answer at all
   * (the caller times out), as when Slack's edge loses the response. A retry that does not look first posts twice.
   */
  readonly lostAnswers = new Map<string, { mode: '500' | 'hang'; times: number; channel?: string }>();
  /** Channels whose membership is modelled (see addChannel); any other channel id lets the app do everything. */
  private readonly rooms = new Map<string, Room>();
  private readonly hanging = new Set<ServerResponse>();

  constructor(
    private readonly ws: Workspace,
    private readonly ledger: Ledger,
  ) {}

  inOutage(): boolean {
    return Date.now() < this.outageUntil;
  }

  /** The failure planned for this call, if any is left (each one counts down). */
  takeFailure(method: string): { error: string; status?: number; retryAfter?: number } | undefined {
    const failure = this.failures.get(method);
    if (!failure || failure.times <= 0) return undefined;
    failure.times -= 1;
    return failure;
  }

  addChannel(id: string, o: { name?: string; isPrivate?: boolean; botMember?: boolean; archived?: boolean }): void {
    this.rooms.set(id, { name: o.name ?? id.toLowerCase(), isPrivate: o.isPrivate ?? false, archived: o.archived ?? false, botMember: o.botMember ?? false });
  }

  inviteBot(id: string): void {
    const r = this.rooms.get(id);
    if (r) r.botMember = true;
  }

  isBotMember(id: string): boolean {
    return this.rooms.get(id)?.botMember ?? true;
  }

  /** Refuses what Slack refuses for membership; answers conversations.join and conversations.info. */
  checkMembership(method: string, a: Json): Json {
    const id = String(a.channel ?? a.channel_id ?? '');
    const room = this.rooms.get(id);
    if (method === 'conversations.join' || method === 'conversations.info') {
      if (!room) return { channel: { id, is_channel: true, is_private: false, is_member: true, is_archived: false } };
      if (room.isPrivate && !room.botMember) throw new SlackApiError('channel_not_found');
      if (method === 'conversations.join') {
        if (room.archived) throw new SlackApiError('is_archived');
        room.botMember = true;
      }
      return { channel: { id, name: room.name, is_channel: true, is_private: room.isPrivate, is_member: room.botMember, is_archived: room.archived } };
    }
    if (!room || room.botMember) return {};
    if (room.isPrivate) throw new SlackApiError('channel_not_found');
    if (room.archived && method === 'chat.postMessage') throw new SlackApiError('is_archived');
    if (['conversations.history', 'conversations.replies', 'files.completeUploadExternal'].includes(method)) throw new SlackApiError('not_in_channel');
    return {};
  }

  /** True when the answer to this call is to be lost (the call's work is already done). */
  loseAnswer(method: string, a: Json, res: ServerResponse): boolean {
    const lost = this.lostAnswers.get(method);
    if (!lost || lost.times <= 0) return false;
    if (lost.channel && this.ws.resolveChannel(String(a.channel ?? a.channel_id ?? '')) !== lost.channel) return false;
    lost.times -= 1;
    this.ledger.record(`lost:${method}`, {});
    if (lost.mode === 'hang') {
      this.hanging.add(res);
      return true;
    }
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
    return true;
  }

  /** The answers left hanging are cut when the emulator stops. */
  dropHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }
}
