// Issue 12, "What people read": each thing a new user saw, as a test that reads what a person now reads.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContractRow, SignerRow } from '../../src/db/schema.js';
import { AUDIT_ACTION_LABEL, auditEventWords } from '../../src/domain/audit.js';
import { domainError, errorCodes, errorTemplate } from '../../src/domain/errors.js';
import { durationWords, EXPECTED_DURATION } from '../../src/domain/labels.js';
import { ACTIONS, parseStateKey } from '../../src/domain/lifecycle.js';
import { checkPartyADetails, orderIneligibility } from '../../src/domain/rules.js';
import { DURATIONS } from '../../src/esign/simulator.js';
import { type DocumentInput, renderContract } from '../../src/pdf/document.js';
import { unprintableInContract } from '../../src/pdf/font-coverage.js';
import { checkMessage } from '../../src/sandbox/limits.js';
import type { Locale } from '../../src/slack/i18n.js';
import { showMessage } from '../../src/slack/views/commands.js';
import { contractButtons, signRequestMessage } from '../../src/slack/views/contract.js';
import { itemOptions, shortReason } from '../../src/slack/views/items.js';
import { approvalRequest, changeReply, signerAuthRequest, signRequest } from '../../src/slack/views/notifications.js';
import { draftUnderwayText, itemsHint } from '../../src/slack/views/wizard.js';
import { pdfText } from '../helpers/poppler.js';
import { contractRow } from '../helpers/rows.js';

const LOCALES: Locale[] = ['zh', 'en'];
const NAMES = new Map([
  ['U0REQUEST1', '孙磊'],
  ['U0APPROV01', '刘洋 (Finance)'],
]);
const PEOPLE = { names: NAMES, timeZone: 'Asia/Shanghai', vendor: 'tencent' as const };
const AT = new Date('2026-11-30T00:43:00Z'); // 08:43 in Asia/Shanghai

/** What must never reach a person: code names, Slack ids, field keys, rule numbers, actor keys. */
function internals(text: string): string[] {
  const found = [
    ...(text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? []), // camelCase: action names, field keys
    ...(text.match(/\b[a-z]+_[a-z_]+\b/g) ?? []), // snake_case: sub-states, block ids
    ...(text.match(/\b[UW][A-Z0-9]{8,}\b/g) ?? []), // Slack user ids
    ...(text.match(/\bR\d{1,2}[a-z]?\b/g) ?? []), // rule numbers
    ...(text.match(/system:/g) ?? []),
  ];
  return found;
}

/** Every action a service or the status table writes into the audit trail, read from the source itself. */
function actionsWritten(): string[] {
  const dir = join(import.meta.dirname, '../../src/services');
  const found = new Set<string>(ACTIONS);
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!/\baction: /.test(line) || !/recordChange|'\w+'/.test(line)) continue;
      for (const m of line.matchAll(/action: (?:[^,}]*\? )?'(\w+)'(?: : '(\w+)')?/g)) [m[1], m[2]].forEach((a) => a && found.add(a));
    }
  }
  return [...found];
}

const contract = (over: Partial<ContractRow> = {}): ContractRow =>
  contractRow({
    subStatus: 'awaiting_approval',
    requesterId: 'U0REQUEST1',
    signerName: '王芳',
    signerPhone: '13900000000',
    createdAt: AT,
    updatedAt: AT,
    ...over,
  });
const text = (blocks: unknown) => JSON.stringify(blocks);
/** Only what Slack shows: the strings under `text` keys, not ids, values or urls. Links show their label, mentions the name. */
function visible(x: unknown): string {
  if (Array.isArray(x)) return x.map(visible).join('\n');
  if (!x || typeof x !== 'object') return '';
  return Object.entries(x)
    .map(([k, v]) => (k === 'text' && typeof v === 'string' ? v.replace(/<[^|>]+\|([^>]+)>/g, '$1').replace(/<@[UW][A-Z0-9]+>/g, '@name') : visible(v)))
    .join('\n');
}
const s = (k: string) => parseStateKey(k as never);

describe('no internal identifier reaches a person', () => {
  const written = actionsWritten();

  it('finds the actions the code writes (reminders, held notifications, signers, settings …) and labels each', () => {
    expect(written).toEqual(
      expect.arrayContaining(['reminderSent', 'heldNotificationsRetried', 'signerAuthorised', 'signerRejected', 'create', 'flaggedStale']),
    );
    expect(written.filter((a) => !AUDIT_ACTION_LABEL[a])).toEqual([]);
  });

  it('every audit action, by a person, the e-sign service, any system part or an unknown member, in both languages', () => {
    const bad: string[] = [];
    for (const l of LOCALES) {
      for (const action of [...written, 'someFutureAction']) {
        for (const actor of ['U0REQUEST1', 'U0NOBODY99', 'system:esign', 'system:reminders', 'system']) {
          const e = { at: AT, actor, action, from: s('signing/customer_signing'), to: s('signing/vendor_signing') };
          const w = auditEventWords(e, PEOPLE, l);
          const reply = changeReply(
            { number: 'HT-2026-000001', kind: 'order', channel: 'dual_seal', version: 2, detail: {}, actor, action, from: e.from, to: e.to },
            l,
            null,
            NAMES,
          ).text;
          const show = visible(
            showMessage(
              { contract: contract(), items: [] },
              [{ at: AT, actor, action, fromStatus: 'signing', fromSubStatus: 'customer_signing', toStatus: 'signing', toSubStatus: 'vendor_signing' }],
              l,
              false,
              PEOPLE,
            ),
          );
          for (const [where, said] of [
            ['words', Object.values(w).join(' ')],
            ['thread', reply],
            ['show', show],
          ] as const) {
            const leaked = internals(said.replace(/HT-\d{4}-\d{6}/g, ''));
            if (leaked.length) bad.push(`${l} ${action} ${actor} ${where}: ${leaked.join(', ')}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('every refusal code, with its parameters filled as the services fill them, in both languages', () => {
    const params = {
      state: { zh: '草稿', en: 'Draft' },
      action: { zh: '作废', en: 'Void' },
      detail: { zh: '原因不能超过 1000 个字', en: 'the reason takes at most 1000 characters' },
      kind: { zh: '消费合同', en: 'consumption contract' },
      type: { zh: '月结账单', en: 'monthly bill' },
      types: { zh: '预付费、云市场', en: 'prepaid, marketplace' },
      field: { zh: '联系人', en: 'Contact' },
      fields: { zh: '地址', en: 'address' },
      item: '2026112000023559576',
      number: 'HT-2026-000002',
      subject: '北京云杉科技有限公司',
      name: '王芳',
      phone: '12345',
      count: 31,
      total: '-¥1.00',
      seconds: 42,
      char: 'U+200B',
      chars: '😀',
      max: 200,
      email: 'a@b',
      left: 2,
      vendor: { zh: 'QingCloud', en: 'QingCloud' },
      kinds: { zh: '框架合同、消费合同', en: 'framework contract, consumption contract' },
      channel: { zh: 'QingCloud 电子章', en: 'QingCloud e-seal' },
      esign: { zh: '腾讯电子签', en: 'e-sign' },
      framework: { zh: '《腾讯云服务协议》', en: 'Tencent Cloud Service Agreement' },
      id: '100012345678',
      tz: 'Asia/Shangai',
      who: '赵敏',
      role: { zh: '审批人', en: 'approver' },
    };
    const bad = errorCodes.flatMap((code) =>
      LOCALES.flatMap((l) => {
        const leaked = internals(domainError(code, params).message[l]);
        const unfilled = /\{\w+\}/.test(domainError(code, params).message[l]);
        return leaked.length || unfilled ? [`${code} ${l}: ${leaked.join(', ')}${unfilled ? ' unfilled' : ''}`] : [];
      }),
    );
    expect(bad).toEqual([]);
    expect(Object.keys(errorTemplate('R8_PHONE_INVALID'))).toEqual(['zh', 'en']);
    // The refusals the rules build themselves name fields as people do.
    const missing = checkPartyADetails({ address: '', contactName: '', phone: '13800138000', email: 'a@b.cn' });
    // (one field at a time, the first missing: the form shows each under its own field)
    expect(!missing.ok && missing.error.message.zh).toBe('请填写地址');
    expect(!missing.ok && missing.error.message.en).toMatch(/Address/);
  });
});

describe('1. /contract verify: what the PDF prints (see test/pdf/links.test.ts for the command end to end)', () => {
  it('the PDF says in words what its fingerprint is', async () => {
    const printed = pdfText(await renderContract(doc([]))).replace(/\s+/g, ' ');
    expect(printed).toContain('内容指纹：对合同内容（不含签章图像）计算的 SHA-256，可用 /contract verify 核验');
    expect(printed).toContain('Content fingerprint: the SHA-256 of the contract content (seal images excluded); check it with /contract verify');
  });
});

function doc(events: DocumentInput['events']): DocumentInput {
  return {
    edition: 'formal',
    number: 'HT-2026-000009',
    kind: 'order',
    channel: 'dual_seal',
    vendor: 'tencent',
    subjectType: 'enterprise',
    partyA: { name: '北京云杉科技有限公司', address: '北京市海淀区', contactName: '张伟', phone: '13800138000', email: 'a@b.cn' },
    totalCents: 100,
    frameworkNumber: 'HT-2026-000001',
    issuedAt: AT,
    effectiveAt: AT,
    signer: { name: '王芳', at: AT },
    items: [{ ref: '2026112000023559576', type: 'prepaid', date: '2026-11-20', amountCents: 100 }],
    events,
    timeZone: 'Asia/Shanghai',
    actorNames: { U0REQUEST1: '孙磊', U0SIGNER01: '王芳' },
  };
}

describe("2. history in words: labels, names, the account's time zone", () => {
  const trail: [string, string, string, string][] = [
    ['U0REQUEST1', 'create', '', 'draft/filling_info'],
    ['U0REQUEST1', 'fillPartyA', 'draft/filling_info', 'draft/draft_generating'],
    ['system:esign', 'draftGenerated', 'draft/draft_generating', 'draft/confirming_text'],
    ['U0REQUEST1', 'startSigning', 'draft/confirming_signing', 'signing/customer_signing'],
    ['system:esign', 'customerSigned', 'signing/customer_signing', 'signing/vendor_signing'],
    ['system:esign', 'vendorSealed', 'signing/vendor_signing', 'effective/e_effective'],
  ];
  const rows = trail.map(([actor, action, from, to]) => ({
    at: AT,
    actor,
    action,
    fromStatus: from ? s(from).status : null,
    fromSubStatus: from ? s(from).subStatus : null,
    toStatus: s(to).status,
    toSubStatus: s(to).subStatus,
  }));

  it('/contract show names people and actions and shows the zone', () => {
    const zh = text(showMessage({ contract: contract(), items: [] }, rows, 'zh', false, PEOPLE));
    expect(zh).toContain('2026-11-30 08:43（中国标准时间） · 孙磊 · *填写甲方信息* · 草稿 / 填写信息 → 草稿 / 合同草稿生成中');
    expect(zh).toContain('2026-11-30 08:43（中国标准时间） · 系统（电子签） · *腾讯云已签章* · 签署中 / 腾讯云签署 → 已生效 / 电子合同已生效');
    const en = text(showMessage({ contract: contract(), items: [] }, rows, 'en', false, PEOPLE));
    expect(en).toContain('System (e-sign) · *Tencent Cloud sealed*');
    for (const said of [zh, en]) expect(said).not.toMatch(/U0REQUEST1|system:esign|fillPartyA|vendorSealed/);
  });

  it('the PDF audit page lists every event to the last state, by name, without ids', async () => {
    const events = rows.map((r, i) => ({
      at: new Date(AT.getTime() + i * 60_000),
      actor: r.actor,
      action: r.action,
      from: r.fromStatus ? { status: r.fromStatus, subStatus: r.fromSubStatus } : null,
      to: { status: r.toStatus, subStatus: r.toSubStatus },
    }));
    const page = pdfText(await renderContract(doc(events))).replace(/[ \t]+/g, ' ');
    for (const word of ['孙磊', '系统（电子签）', 'System (e-sign)', '腾讯云已签章', 'Tencent Cloud sealed', '电子合同已生效', '2026-11-30 08:48'])
      expect(page).toContain(word);
    expect(page).not.toMatch(/U0REQUEST1|system:esign|vendorSealed|fillPartyA/);
  });
});

describe('5. hints, reasons, durations, buttons, empty pickers', () => {
  it("each kind's hint agrees with its own rules: consumption takes monthly bills, the order contract does not", () => {
    const bill = { id: 'B1', type: 'monthly_bill' as const, amountCents: 100, createdOn: '2026-01-01' };
    expect(orderIneligibility('consumption', bill)).toBeNull();
    expect(itemsHint('consumption', 'zh')).toContain('月结账单');
    expect(itemsHint('consumption', 'zh')).not.toContain('月结账单与云市场订单不能生成合同');
    // QingCloud's guide has no marketplace rule; the split of the two kinds is ours, and the hint says so (issue 26 item 6).
    expect(itemsHint('recharge', 'en')).toBe(
      'A recharge contract takes prepaid, marketplace. This split is ours (QingCloud says only that both carry usage records for reimbursement): consumption takes what is paid after use, recharge what is paid before.',
    );
    expect(itemsHint('order', 'zh')).toContain('月结账单与云市场订单不能生成合同');
  });

  it("an ineligible order says which contract holds it, in full, within Slack's 75 characters", () => {
    const held = domainError('R13_ITEM_OCCUPIED', { item: '2026112000023559576', number: 'HT-2026-000042' });
    const found = [{ id: '2026112000023559576', detail: 'CVM', type: 'prepaid', amountCents: 100, createdOn: '2026-11-20', reason: held }];
    const opts = itemOptions(found, 'order', 'zh') as { option_groups: { options: { text: { text: string }; description?: { text: string } }[] }[] };
    const o = opts.option_groups[0]!.options[0]!;
    expect(o.description?.text).toBe('⛔ 已在合同 HT-2026-000042 中');
    expect(o.text.text.length).toBeLessThanOrEqual(75);
    expect(shortReason(held, 'en')).toBe('⛔ Already in contract HT-2026-000042');
  });

  it('empty pickers and lookups answer a sentence that helps', () => {
    expect(text(itemOptions([], 'order', 'zh'))).toContain('没有符合条件的订单：换个订单号或产品名称试试');
    expect(text(itemOptions([], 'filing', 'en'))).toContain('No eligible filing numbers');
    expect(domainError('SIGNER_REQUIRED').message.zh).toBe('请从列表中选择一位已授权的签署人');
  });

  it('no rule number in the signer authorisation request', () => {
    const s: SignerRow = {
      id: 'x',
      accountId: 'a',
      name: '王芳',
      phone: '13900000000',
      slackUserId: null,
      status: 'pending',
      requestedBy: 'U0REQUEST1',
      decidedBy: null,
      decidedAt: null,
      createdAt: AT,
    };
    for (const l of LOCALES) expect(internals(visible(signerAuthRequest(s, l).blocks))).toEqual([]);
  });

  it("durations are the vendor's, scaled by TIME_SCALE: about 3 minutes in Slack, about 3 seconds in the sandbox", () => {
    expect(draftUnderwayText('zh', 'create', 'HT-2026-000001', 'vendor_seal', 1)).toContain('约 3 分钟');
    expect(draftUnderwayText('zh', 'create', 'HT-2026-000001', 'vendor_seal', 60)).toContain('约 3 秒');
    expect(draftUnderwayText('en', 'fill', 'HT-2026-000001', 'dual_seal', 60)).toContain('about 3 seconds');
    expect(text(signRequestMessage(contract(), 'zh', true, 60))).toContain('约 5–10 秒');
    const converted = changeReply(
      {
        number: 'HT-2026-000001',
        kind: 'order',
        channel: 'vendor_seal',
        version: 2,
        detail: {},
        actor: 'U0REQUEST1',
        action: 'convert',
        from: s('draft/draft_ready'),
        to: s('signing/vendor_signing'),
      },
      'zh',
      null,
      NAMES,
      60,
    );
    expect(converted.text).toContain('预计约 15 秒');
    // The promises sit inside the simulator's ranges, so the sandbox keeps them.
    for (const ch of ['vendor_seal', 'dual_seal'] as const) {
      const [lo, hi] = DURATIONS.draft[ch];
      expect(EXPECTED_DURATION.draft[ch][0]).toBeGreaterThanOrEqual(lo);
      expect(EXPECTED_DURATION.draft[ch][1]).toBeLessThanOrEqual(hi);
    }
    expect(durationWords([90_000, 90_000], 1).en).toBe('about 2 minutes');
  });

  it('a step that stays in its state is not told as a move from the state to itself', () => {
    const resent = changeReply(
      {
        number: 'HT-2026-000001',
        kind: 'order',
        channel: 'dual_seal',
        version: 2,
        detail: {},
        actor: 'U0REQUEST1',
        action: 'resend',
        from: s('signing/customer_signing'),
        to: s('signing/customer_signing'),
      },
      'zh',
      null,
      NAMES,
    );
    expect(resent.text).toBe('*重新发送* · 孙磊 · 签署中 / 客户签署');
  });

  it('English buttons in sentence case', () => {
    const labels = ['draft/draft_ready', 'signing/customer_signing', 'voided/-'].flatMap((k) => {
      const st = s(k);
      const b = contractButtons(
        contract({ status: st.status, subStatus: st.subStatus, sealChannel: k.startsWith('signing') ? 'dual_seal' : 'vendor_seal' }),
        'en',
      );
      return ((b?.elements ?? []) as { text: { text: string } }[]).map((e) => e.text.text);
    });
    expect(labels).toEqual(['Convert to formal', 'Void', 'Download', 'Cancel signing', 'Resend the SMS', 'Download', 'Delete']);
  });
});

describe('7. emoji in the contract', () => {
  it('names what the contract font cannot print, checked against the font itself', () => {
    expect(unprintableInContract('北京云杉科技有限公司 (Wang) №1 ①')).toEqual([]);
    expect(unprintableInContract('张伟😀 👍🏽 😀 𠀀')).toEqual(['😀', '👍🏽', '𠀀']);
  });
});

describe('8. approvers and signers see what they decide on', () => {
  const url = 'https://contract-desk.example.cn/documents/x/draft?exp=1&sig=abc';
  it("the approval DM shows the items and the draft link, within Slack's limits with 30 orders", () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ itemRef: `20261120000235595${String(i).padStart(2, '0')}`, amountCents: 1000 + i }));
    for (const l of LOCALES) {
      const m = approvalRequest(contract(), l, { items, draftUrl: url });
      expect(text(m.blocks)).toContain('2026112000023559529');
      expect(text(m.blocks)).toContain(`<${url}|`);
      expect(checkMessage(m as never)).toEqual([]);
    }
  });
  it("the signer's DM carries the draft link", () => {
    expect(text(signRequest(contract({ status: 'signing', subStatus: 'customer_signing' }), 'zh', url).blocks)).toContain(
      `📄 签署前请阅读合同： <${url}|合同草稿 PDF>`,
    );
  });
});
