// The emulator keeps Slack's rules for views: single-use 3-second triggers, a stack of 3, hash_conflict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/emulator.js';

let clock = 1_700_000_000_000;
const emu = new SlackEmulator({ teamId: 'T1', botToken: 'xoxb-t1', users: [{ id: 'U1', name: 'a', locale: 'zh-CN' }], now: () => clock });
beforeAll(async () => {
  await emu.start();
  emu.connectApp('http://127.0.0.1:9', 'secret'); // nothing listens: only the Web API side is exercised
});
afterAll(() => emu.stop());

const api = async (method: string, args: Record<string, unknown>, token = 'xoxb-t1') =>
  (await (
    await fetch(`${emu.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(args),
    })
  ).json()) as {
    ok: boolean;
    error?: string;
    view?: { id: string; hash: string };
  };
const view = (title: string) => ({ type: 'modal', title: { type: 'plain_text', text: title }, blocks: [] });
const trigger = (user: string) => (emu as unknown as { issueTrigger(u: string): string }).issueTrigger(user);

describe('the Slack emulator', () => {
  it('takes a trigger once, and not after it expired', async () => {
    const t = trigger('U1');
    expect((await api('views.open', { trigger_id: t, view: view('one') })).ok).toBe(true);
    expect((await api('views.open', { trigger_id: t, view: view('two') })).error).toBe('expired_trigger_id');
    const late = trigger('U1');
    clock += 3_001; // Slack's trigger lives 3 s
    expect((await api('views.open', { trigger_id: late, view: view('three') })).error).toBe('expired_trigger_id');
    const fresh = trigger('U1');
    clock += 2_999;
    expect((await api('views.open', { trigger_id: fresh, view: view('four') })).ok).toBe(true);
  });
  it('holds three views on the stack at most', async () => {
    expect((await api('views.open', { trigger_id: trigger('U1'), view: view('1') })).ok).toBe(true);
    expect((await api('views.push', { trigger_id: trigger('U1'), view: view('2') })).ok).toBe(true);
    expect((await api('views.push', { trigger_id: trigger('U1'), view: view('3') })).ok).toBe(true);
    expect((await api('views.push', { trigger_id: trigger('U1'), view: view('4') })).error).toBe('push_limit_reached');
  });
  it('refuses an update with a stale hash', async () => {
    const opened = await api('views.open', { trigger_id: trigger('U1'), view: view('h') });
    const { id, hash } = opened.view!;
    expect((await api('views.update', { view_id: id, hash, view: view('h2') })).ok).toBe(true);
    expect((await api('views.update', { view_id: id, hash, view: view('h3') })).error).toBe('hash_conflict');
  });
  it('records what real Slack would refuse', async () => {
    const r = await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] });
    expect(r.error).toBe('invalid_blocks');
    expect(emu.violations.at(-1)!.problems[0]).toBe('[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]');
  });
});

describe('people', () => {
  it("users.info and users.list say who is an admin, an owner or deactivated, as Slack's user object does", async () => {
    emu.users.set('U2', { id: 'U2', name: 'owner', locale: 'en-US', isOwner: true });
    emu.users.set('U3', { id: 'U3', name: 'gone', locale: 'zh-CN', deleted: true });
    const info = (await api('users.info', { user: 'U2' })) as unknown as { user: Record<string, unknown> };
    expect(info.user).toMatchObject({ id: 'U2', is_admin: true, is_owner: true, deleted: false });
    const gone = (await api('users.info', { user: 'U3' })) as unknown as { user: Record<string, unknown> };
    expect(gone.user).toMatchObject({ deleted: true, is_admin: false });
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = (await api('users.list', { limit: 2, ...(cursor ? { cursor } : {}) })) as unknown as {
        members: { id: string }[];
        response_metadata: { next_cursor: string };
      };
      expect(page.members.length).toBeLessThanOrEqual(2);
      seen.push(...page.members.map((m) => m.id));
      cursor = page.response_metadata.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['U1', 'U2', 'U3']);
  });
});

describe('file uploads (v2 steps)', () => {
  it('takes the bytes, then shares the file into a thread', async () => {
    const root = (await api('chat.postMessage', { channel: 'C2', text: 'root' })) as unknown as { ts: string };
    const step1 = (await api('files.getUploadURLExternal', { filename: 'HT-2026-000001.pdf', length: 4 })) as unknown as {
      upload_url: string;
      file_id: string;
    };
    expect((await api('files.completeUploadExternal', { files: [{ id: step1.file_id }], channel_id: 'C2' })).error).toBe('file_not_found');
    await fetch(step1.upload_url, { method: 'POST', body: Buffer.from('%PDF') });
    const done = await api('files.completeUploadExternal', {
      files: [{ id: step1.file_id, title: 'HT-2026-000001.pdf' }],
      channel_id: 'C2',
      thread_ts: root.ts,
    });
    expect(done.ok).toBe(true);
    const shared = emu.thread('C2', root.ts)[0]!;
    expect(shared.files![0]!.name).toBe('HT-2026-000001.pdf');
    expect(Buffer.from(await (await fetch(shared.files![0]!.url)).arrayBuffer()).toString()).toBe('%PDF');
  });
});
