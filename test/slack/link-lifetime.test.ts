// Issue 26 item 4: Download tells the lifetime LINK_TTL_HOURS gives its link (not always "7 days"), in the clicker's
// language, and the link it gives works until then and not after.
import { describe, expect, it } from 'vitest';
import { effectiveFramework } from '../helpers/flows.js';
import { findButton, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp({ env: { LINK_TTL_HOURS: '36' } });
const linkIn = (text: string) => /<(http[^|>]+\/formal\?[^|>]+)\|/.exec(text)?.[1] ?? null;

describe('a document link that lasts 36 hours', () => {
  it('Download says 36 hours in Chinese and in English, and the link lasts exactly that', async () => {
    const acc = await s.workspace();
    const f = await effectiveFramework(s.db, acc);
    await s.drain();
    const links: string[] = [];
    for (const [user, words] of [
      [U.requester, '链接 36 小时内有效'],
      [U.colleague, 'The link works for 36 hours'],
    ] as const) {
      const shown = await nextEphemeral(s.emu, user, () => s.emu.command(user, `show ${f.number}`));
      const message = { channel: shown.channel, ts: '1', text: shown.text, blocks: shown.blocks ?? [], edits: 0 };
      const answer = await nextEphemeral(s.emu, user, () => s.emu.clickAction(user, { message }, findButton(shown.blocks, 'doc:download', f.id)));
      expect(answer.text).toContain(words);
      expect(answer.text).not.toMatch(/7 天|7 days/);
      links.push(linkIn(answer.text)!);
    }
    for (const url of links) expect((await fetch(url)).status).toBe(200);
    s.db.advance(36 * 3600_000 - 60_000);
    for (const url of links) expect((await fetch(url)).status).toBe(200);
    s.db.advance(2 * 60_000);
    for (const url of links) expect((await fetch(url)).status).toBe(403);
  });
});
