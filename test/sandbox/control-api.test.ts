// The sandbox's control API alone (HTTP, no emulator object): a dual-channel order contract with three orders from
// /contract new to effective, approved and signed by the people whose turn it is, its formal PDF fetched.
import { describe, expect, it } from 'vitest';
import { buttonsIn, type SandboxClient } from '../../src/sandbox/client.js';
import { DEMO_CHANNELS, DEMO_USERS } from '../../src/seed/demo.js';
import { until, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();
const REQUESTER = DEMO_USERS.requester.id;
const APPROVER = DEMO_USERS.approver.id;
const SIGNER = DEMO_USERS.signer.id;
const text = (x: unknown) => JSON.stringify(x ?? null);

async function topView(api: SandboxClient, user: string, callbackId: string) {
  return until(async () => (await api.views(user)).filter((v) => v.view.callback_id === callbackId).at(-1), `the ${callbackId} modal`);
}

/** The newest DM from the app to a person that has this button, and the button. */
async function dmButton(api: SandboxClient, user: string, actionId: string) {
  return until(async () => {
    const { messages } = await api.channel(`D${user}`);
    for (const m of messages.slice().reverse()) {
      const b = buttonsIn(m.blocks).find((x) => x.actionId === actionId);
      if (b) return { message: m, button: b };
    }
    return null;
  }, `${actionId} in ${user}'s DM`);
}

describe('sandbox control API', () => {
  it('describes the demo workspace: people with their roles, channels, DMs', async () => {
    const ws = await s.api.workspace();
    expect(ws.users.map((u) => u.role).join()).toMatch(/Requester.*Approver.*Signer.*Admin/);
    expect(ws.channels.map((c) => c.id)).toEqual(expect.arrayContaining([DEMO_CHANNELS.contracts, DEMO_CHANNELS.approvals, `D${REQUESTER}`]));
    // The seeded framework is already effective, and its thread shows it.
    const { messages } = await until(async () => {
      const ch = await s.api.channel(DEMO_CHANNELS.contracts);
      return ch.messages.some((m) => m.text.includes('已生效') && m.replyCount === 4) && ch;
    }, 'the framework thread');
    expect(messages).toHaveLength(1);
  });

  it('refuses malformed calls with a reason and changes nothing', async () => {
    const r = await fetch(`${s.app.url}/sandbox/api/action`, { method: 'POST', body: JSON.stringify({ user: 'nobody', surface: 'x', actionId: '' }) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/user.*Slack user id/);
    await expect(s.api.submit(REQUESTER, {})).rejects.toThrow(/no open modal/);
    expect((await s.api.command(REQUESTER, '/weather')).error).toMatch(/not a command here/);
  });

  it.each([
    ['zh', REQUESTER, '请填写此必填项'],
    ['en', APPROVER, 'Please complete this required field'],
  ] as const)('%s: a modal with a required field empty is refused as Slack’s client refuses it, and the app hears nothing', async (_l, user, words) => {
    const { api } = s;
    expect((await api.command(user, '/contract new', DEMO_CHANNELS.contracts)).ok).toBe(true);
    const start = await topView(api, user, 'wizard:start');
    const r = await api.submit(user, { channel: 'vendor_seal' });
    expect(r).toMatchObject({ ok: false, errors: { kind: words } });
    // The same modal, untouched by the app (a submission it heard would have been answered), shows the words.
    const still = (await api.views(user)).at(-1)!;
    expect([still.id, still.hash]).toEqual([start.id, start.hash]);
    expect(still.errors).toEqual({ kind: words });
    await api.close(user);
  });

  it('walks a dual-channel order contract with three orders to effective, with inline errors on the way', async () => {
    const { api } = s;
    expect((await api.command(REQUESTER, '/contract new', DEMO_CHANNELS.contracts)).ok).toBe(true);
    await topView(api, REQUESTER, 'wizard:start');
    expect((await api.submit(REQUESTER, { kind: 'order', channel: 'dual_seal' })).errors).toBeUndefined();
    await topView(api, REQUESTER, 'wizard:items');

    const offered = await api.suggest(REQUESTER, 'items', '');
    const eligible = offered.filter((o) => !o.description?.includes('⛔'));
    expect(offered.some((o) => o.description?.includes('⛔'))).toBe(true); // ineligible orders are shown with their reason
    const three = eligible.slice(0, 3).map((o) => o.value);
    expect(three).toHaveLength(3);
    expect((await api.submit(REQUESTER, { items: three })).errors).toBeUndefined();

    await topView(api, REQUESTER, 'wizard:party_a');
    const bad = await api.submit(REQUESTER, { phone: '12345' });
    expect(Object.keys(bad.errors ?? {})).toEqual(['phone']);
    expect((await api.views(REQUESTER)).at(-1)!.errors).toEqual(bad.errors); // shown under the field
    expect((await api.submit(REQUESTER, { phone: '13800138000' })).errors).toBeUndefined();
    await api.close(REQUESTER);

    // The e-sign service generates the draft; the requester's Home tab then offers the next step.
    const confirm = await until(async () => {
      await api.openHome(REQUESTER);
      // A person looks again after a moment, not a hundred times a second: each look is a views.publish (Tier 4).
      await new Promise((r) => setTimeout(r, 500));
      return buttonsIn((await api.home(REQUESTER))?.blocks).find((b) => b.actionId === 'step:confirmText');
    }, 'the confirm-text step on Home');
    expect((await api.action(REQUESTER, 'home', confirm)).ok).toBe(true);
    const textStep = await topView(api, REQUESTER, 'wizard:confirm_text');
    expect(text(textStep.view.blocks)).toMatch(/\/documents\/[\w-]+\/draft\?exp=/);
    await api.submit(REQUESTER, {});
    const signing = await topView(api, REQUESTER, 'wizard:signing');
    const signerOption = (signing.view.blocks as { element?: { options?: { text: { text: string }; value: string }[] } }[])
      .flatMap((b) => b.element?.options ?? [])
      .find((o) => o.text.text.startsWith('王芳'))!;
    expect((await api.submit(REQUESTER, { signer: signerOption.value })).errors).toBeUndefined();

    // Approvals are on for orders in the sandbox: the approver decides from the DM.
    const ask = await dmButton(api, APPROVER, 'approval:approve');
    expect(ask.message.text).toMatch(/HT-2026-\d{6}/);
    const number = /HT-2026-\d{6}/.exec(ask.message.text)![0];
    expect((await api.action(APPROVER, `message:D${APPROVER}:${ask.message.ts}`, ask.button)).ok).toBe(true);

    // Then the signer signs from the DM standing in for the SMS.
    const sign = await dmButton(api, SIGNER, 'esign:sign');
    expect(sign.message.text).toContain(number);
    expect((await api.action(SIGNER, `message:D${SIGNER}:${sign.message.ts}`, sign.button)).ok).toBe(true);

    // The vendor seals; the thread in #contracts ends "effective" with the formal PDF.
    const root = await until(
      async () => (await api.channel(DEMO_CHANNELS.contracts)).messages.find((m) => m.text.includes(number) && m.text.includes('已生效')),
      'the contract to be effective',
    );
    // The root is kept current by its own post: the last reply may land a moment after it.
    const { replies } = await until(async () => {
      const t = await api.thread(DEMO_CHANNELS.contracts, root.ts);
      return t.replies.some((r) => r.text.startsWith('*腾讯云已签章*')) ? t : null;
    }, 'the seal in the thread');
    const said = replies.map((r) => r.text).join('\n');
    // Every status change once, in order.
    expect(replies.map((r) => /^\*([^*]+)\*/.exec(r.text)?.[1])).toEqual([
      '创建',
      '填写甲方信息',
      '草稿已生成',
      '确认合同文本内容',
      '确认签署信息',
      '在线签署',
      '批准',
      '客户已签署',
      '腾讯云已签章',
    ]);
    const link = /<([^|>]+\/documents\/[\w-]+\/formal\?[^|>]+)\|/.exec(said)?.[1];
    expect(link).toBeDefined();
    const pdf = await fetch(link!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('switches to the QingCloud workspace, where a framework draft is made at once after the tick (R1a, R15)', async () => {
    const { api } = s;
    const ws = await api.workspace();
    const qing = ws.workspaces.find((w) => w.name.includes('QingCloud'))!;
    expect((await api.switchWorkspace(qing.teamId)).name).toContain('QingCloud');
    try {
      expect((await api.command(REQUESTER, '/contract new', 'C0QINGCLOUD')).ok).toBe(true);
      const start = await topView(api, REQUESTER, 'wizard:start');
      expect(text(start.view)).toContain('充值合同');
      expect(text(start.view)).not.toContain('订单合同');
      expect((await api.submit(REQUESTER, { kind: 'framework' })).errors).toBeUndefined();
      await topView(api, REQUESTER, 'wizard:party_a');
      expect((await api.submit(REQUESTER, { party_a_confirmed: ['yes'] })).errors).toBeUndefined();
      const root = await until(async () => (await api.channel('C0QINGCLOUD')).messages.find((m) => m.text.includes('HT-')), 'the QingCloud thread');
      expect(root.text).toContain('草稿');
      expect(text(root)).not.toMatch(/腾讯|Tencent/);
    } finally {
      await api.switchWorkspace(ws.teamId);
    }
  });

  it('each workspace shows only its own channels and DMs (issue 26 item 20)', async () => {
    const { api } = s;
    const tencent = await api.workspace();
    const qing = tencent.workspaces.find((w) => w.name.includes('QingCloud'))!;
    // Something of the Tencent workspace in the requester's DM: the answer to /contract help.
    expect((await api.command(REQUESTER, '/contract help')).ok).toBe(true);
    const tencentDm = await until(async () => {
      const ch = await api.channel(`D${REQUESTER}`, REQUESTER);
      return ch.messages.length + ch.ephemerals.length > 0 && ch;
    }, 'the answer in the Tencent DM');
    try {
      const q = await api.switchWorkspace(qing.teamId);
      const ids = q.channels.filter((c) => !c.dm).map((c) => c.id);
      expect(ids).toContain('C0QINGCLOUD');
      expect(ids).not.toContain(DEMO_CHANNELS.contracts);
      expect(ids).not.toContain(DEMO_CHANNELS.approvals);
      const qingDm = await api.channel(`D${REQUESTER}`, REQUESTER);
      const seen = JSON.stringify([...qingDm.messages, ...qingDm.ephemerals]);
      for (const m of [...tencentDm.messages, ...tencentDm.ephemerals]) expect(seen).not.toContain(m.ts);
      expect((await api.channel(DEMO_CHANNELS.contracts)).messages).toEqual([]);
    } finally {
      await api.switchWorkspace(tencent.teamId);
    }
  });
});
