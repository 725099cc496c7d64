// The notification channel is checked when an admin sets it: a public one is joined, a private one the app was not
// invited to is refused on the field, in the admin's language (it would answer channel_not_found to every post).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../src/db/schema.js';
import { eventually, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

async function openSettings() {
  await s.emu.closeView(U.admin);
  await s.emu.command(U.admin, 'settings');
  return eventually(() => s.emu.openView(U.admin), 'the settings modal');
}

const channelOf = async (accountId: string) => (await s.db.ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.notificationChannel;

describe('choosing the notification channel', () => {
  it('a private channel the app is not in is refused with what to do; once invited it is saved', async () => {
    const acc = await s.workspace();
    s.emu.addChannel('C0PRIVSET', { name: 'legal', isPrivate: true });
    await openSettings();
    const r = await s.emu.submitView(U.admin, { notify_channel: 'C0PRIVSET' });
    expect(r.errors).toEqual({ notify_channel: expect.stringContaining('/invite @contract-desk') });
    expect(r.errors!.notify_channel).toContain('私有频道');
    expect(await channelOf(acc.accountId)).toBe('C0CONTRACTS');
    s.emu.inviteBot('C0PRIVSET');
    const ok = await s.emu.submitView(U.admin, { notify_channel: 'C0PRIVSET' });
    expect(ok.errors).toBeUndefined();
    expect(await channelOf(acc.accountId)).toBe('C0PRIVSET');
  });

  it('a public channel the app is not in is joined when it is chosen', async () => {
    const acc = await s.workspace();
    s.emu.addChannel('C0PUBSET', { name: 'contracts-2' });
    await openSettings();
    const r = await s.emu.submitView(U.admin, { notify_channel: 'C0PUBSET' });
    expect(r.errors).toBeUndefined();
    expect(s.emu.isBotMember('C0PUBSET')).toBe(true);
    expect(await channelOf(acc.accountId)).toBe('C0PUBSET');
  });

  it('an archived channel is refused', async () => {
    await s.workspace();
    s.emu.addChannel('C0OLDSET', { name: 'old', archived: true, botMember: true });
    await openSettings();
    expect((await s.emu.submitView(U.admin, { notify_channel: 'C0OLDSET' })).errors).toEqual({ notify_channel: '这个频道已归档，请选择其他频道。' });
  });
});
