// A workspace's channels whose membership matters, as Slack has it: a bot with chat:write.public may post into a
// public channel it is not in, but not read it (conversations.history/replies) or share files there: not_in_channel.
// A private channel it is not in does not exist for it: channel_not_found for everything, joining included.
import { type Json, SlackApiError } from './types.js';

type Room = { name: string; isPrivate: boolean; archived: boolean; botMember: boolean };

export class Membership {
  /** Channels whose membership is modelled (see add); any other channel id lets the app do everything. */
  private readonly rooms = new Map<string, Room>();

  add(id: string, o: { name?: string; isPrivate?: boolean; botMember?: boolean; archived?: boolean }): void {
    this.rooms.set(id, { name: o.name ?? id.toLowerCase(), isPrivate: o.isPrivate ?? false, archived: o.archived ?? false, botMember: o.botMember ?? false });
  }

  invite(id: string): void {
    const r = this.rooms.get(id);
    if (r) r.botMember = true;
  }

  isBotMember(id: string): boolean {
    return this.rooms.get(id)?.botMember ?? true;
  }

  /** Refuses what Slack refuses for membership; answers conversations.join and conversations.info. */
  check(method: string, a: Json): Json {
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
}
