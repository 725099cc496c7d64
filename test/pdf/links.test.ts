// Document links from the thread: the stored bytes for a valid link, 403 and no bytes for anything altered or old.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as svc from '../../src/services/index.js';
import { backgroundClientOptions, WorkspaceClients } from '../../src/slack/clients.js';
import { effectiveFramework } from '../helpers/flows.js';
import { pdfText } from '../helpers/poppler.js';
import { nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

async function formalLink() {
  const acc = await s.workspace();
  const f = await effectiveFramework(s.db, acc);
  await s.drain();
  const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(f.number))!;
  const reply = s.emu.thread('C0CONTRACTS', root.ts).find((m) => m.text.includes('正式合同 PDF'))!;
  const url = /<([^|>]+\/formal\?[^|>]+)\|/.exec(reply.text)![1]!;
  return { f, url };
}

describe('signed document links', () => {
  it('a valid link serves the stored document, byte for byte', async () => {
    const { f, url } = await formalLink();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    const stored = (await svc.ensureDocument(s.db.ctx, f.id, 'formal'))!;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(stored.sha256);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a changed signature, another contract or the other document, or a past expiry: 403 and no bytes', async () => {
    const { url } = await formalLink();
    const { f: other } = await formalLink();
    const u = new URL(url);
    const sig = u.searchParams.get('sig')!;
    const tampered = new URL(url);
    tampered.searchParams.set('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    const otherContract = new URL(url.replace(/documents\/[0-9a-f-]{36}/, `documents/${other.id}`));
    const otherKind = new URL(url.replace('/formal?', '/draft?'));
    const longer = new URL(url);
    longer.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600));
    for (const bad of [tampered, otherContract, otherKind, longer]) {
      const res = await fetch(bad);
      expect(res.status, bad.toString()).toBe(403);
      expect(await res.text()).not.toContain('%PDF');
    }
    s.db.advance(169 * 3600 * 1000); // past the 7-day link lifetime
    expect((await fetch(url)).status).toBe(403);
  });
});

describe('/contract verify', () => {
  it('recognises a document we issued and names its contract; a random hash is not ours', async () => {
    const { f, url } = await formalLink();
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    const hash = createHash('sha256').update(bytes).digest('hex');
    const yes = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `verify ${hash.toUpperCase()}`));
    expect(yes.text).toContain(`这是我们出具的文件（与文件的 SHA-256一致）：合同 *${f.number}*（框架合同）的正式合同 PDF`);
    expect(yes.text).toContain('已生效');
    const no = await nextEphemeral(s.emu, U.colleague, () => s.emu.command(U.colleague, `verify ${randomBytes(32).toString('hex')}`));
    expect(no.text).toMatch(/^❌ No document matches/);
  });

  it('accepts what the PDF prints: its content fingerprint, whole or its first 8 characters, and says which matched', async () => {
    const { f, url } = await formalLink();
    const printed = pdfText(Buffer.from(await (await fetch(url)).arrayBuffer())).replace(/\s+/g, ' ');
    const fingerprint = /内容指纹 Content fingerprint \(SHA-256\)：\s*([0-9a-f]{64})/.exec(printed)![1]!;
    expect(printed).toContain('对合同内容（不含签章图像）计算的 SHA-256，可用 /contract verify 核验');
    for (const typed of [fingerprint, fingerprint.slice(0, 8)]) {
      const yes = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `verify ${typed}`));
      expect(yes.text).toContain(`这是我们出具的文件（与PDF 上印的内容指纹一致）：合同 *${f.number}*（框架合同）的正式合同 PDF`);
      expect(yes.text).toContain('已生效 / 电子合同已生效');
    }
    const short = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `verify ${fingerprint.slice(0, 7)}`));
    expect(short.text).toMatch(/^❌ 没有找到/);
  });
});

describe('PDFs into the thread (filesUploadV2, as with real Slack)', () => {
  it('uploads the formal PDF into the contract thread when it becomes effective', async () => {
    const { OutboxDispatcher } = await import('../../src/notify/dispatcher.js');
    const { LocaleCache } = await import('../../src/slack/locale.js');
    const { publishHomeTab } = await import('../../src/slack/home.js');
    const { createLogger } = await import('../../src/log.js');
    const acc = await s.workspace();
    await s.drain();
    const locales = new LocaleCache();
    const uploader = new OutboxDispatcher({
      ctx: s.db.ctx,
      clientFor: new WorkspaceClients(s.app.tokens, backgroundClientOptions(s.emu.apiUrl, 20_000, s.app.gate)).forAccount,
      locales,
      log: createLogger('silent'),
      documentUrl: () => 'http://x',
      uploadPdfs: true,
      publishHome: (client, account, userId) => publishHomeTab(s.db.ctx.db, client, locales, account, userId),
    });
    const f = await effectiveFramework(s.db, acc);
    await uploader.deliverDue();
    const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(f.number))!;
    const file = s.emu
      .thread('C0CONTRACTS', root.ts)
      .flatMap((m) => m.files ?? [])
      .find((x) => x.name.includes('正式合同'))!;
    expect(file.name).toBe(`${f.number} 正式合同 PDF`);
    const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe((await svc.ensureDocument(s.db.ctx, f.id, 'formal'))!.sha256);
  });
});
