// A realistic demo account: the verified subject, Party A, roles, signers, ~200 orders of every type and ~30 filing numbers.
// Deterministic (seeded PRNG), so tests and screenshots see the same data every time.
import type { Db } from '../db/client.js';
import { accounts, filingNumbers, members, orders, partyAProfiles, signers } from '../db/schema.js';
import type { Kind, OrderType, SubjectType } from '../domain/types.js';
import type { Vendor } from '../domain/vendors.js';
import { mulberry32 } from '../seeded-random.js';

export const DEMO_USERS = {
  admin: { id: 'U0ADMIN001', name: '陈静 (Admin)' },
  approver: { id: 'U0APPROV01', name: '刘洋 (Finance)' },
  approver2: { id: 'U0APPROV02', name: '赵敏 (Legal)' },
  requester: { id: 'U0REQUEST1', name: '孙磊' },
  requester2: { id: 'U0REQUEST2', name: '周婷' },
  signer: { id: 'U0SIGNER01', name: '王芳' },
} as const;

export const DEMO_CHANNELS = { contracts: 'C0CONTRACTS', approvals: 'C0APPROVALS' } as const;

export interface SeedOptions {
  notificationChannel?: string;
  teamId: string;
  verifiedSubject?: string;
  subjectType?: SubjectType;
  esignActivated?: boolean;
  orderCount?: number;
  filingCount?: number;
  /** Dates of orders run up to this day. */
  today?: Date;
  approvalKinds?: Kind[];
  approvalMinTotalCents?: number | null;
  seed?: number;
  /** R1a: Tencent unless said. */
  vendor?: Vendor;
}

export interface SeededAccount {
  accountId: string;
  teamId: string;
  verifiedSubject: string;
  signers: { authorised: string; pending: string } | null;
  orders: { id: string; type: OrderType; amountCents: number; createdOn: string }[];
  filings: string[];
}

/** Each vendor's own product names on its orders (demo data, not vendor words the product speaks). */
const PRODUCTS: Record<Vendor, string[]> = {
  tencent: [
    '云服务器 CVM',
    '云数据库 MySQL',
    '对象存储 COS',
    '内容分发网络 CDN',
    '负载均衡 CLB',
    'SSL 证书',
    '云硬盘 CBS',
    '短信 SMS',
    '容器服务 TKE',
    '云函数 SCF',
  ],
  qingcloud: ['云服务器', '关系型数据库 RDB', '对象存储 QingStor', '内容分发网络 CDN', '负载均衡器', 'SSL 证书', '硬盘', 'Kubernetes 容器服务 QKE'],
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Fixed orders the tests name: R11's edges are always present whatever the random part holds. */
const EDGE_ORDERS: { suffix: string; type: OrderType; amountCents: number; createdOn: string }[] = [
  { suffix: 'POSTPAID-20180831', type: 'postpaid', amountCents: 120_000, createdOn: '2018-08-31' },
  { suffix: 'POSTPAID-20180901', type: 'postpaid', amountCents: 130_000, createdOn: '2018-09-01' },
  { suffix: 'MONTHLY-BILL', type: 'monthly_bill', amountCents: 880_000, createdOn: '2024-03-01' },
  { suffix: 'MARKETPLACE', type: 'marketplace', amountCents: 59_900, createdOn: '2024-05-20' },
  { suffix: 'REFUND-SMALL', type: 'refund', amountCents: -50_000, createdOn: '2025-01-10' },
  { suffix: 'REFUND-LARGE', type: 'refund', amountCents: -10_000_000, createdOn: '2025-02-10' },
];

function makeOrders(count: number, rand: () => number, today: Date) {
  const start = Date.UTC(2016, 0, 1);
  const span = today.getTime() - start;
  const out: SeededAccount['orders'] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    const type: OrderType = r < 0.5 ? 'prepaid' : r < 0.75 ? 'postpaid' : r < 0.83 ? 'refund' : r < 0.93 ? 'monthly_bill' : 'marketplace';
    const day = new Date(start + Math.floor(rand() * span));
    const yuan = Math.round(100 + rand() * rand() * 80_000);
    const amountCents = (type === 'refund' ? -Math.round(yuan / 10) : yuan) * 100 + Math.floor(rand() * 100);
    const ymd = isoDay(day).replaceAll('-', '');
    out.push({ id: `${ymd}${String(100000 + i).slice(1)}${String(Math.floor(rand() * 1e6)).padStart(6, '0')}`, type, amountCents, createdOn: isoDay(day) });
  }
  return out;
}

export async function seedDemoAccount(db: Db, opts: SeedOptions): Promise<SeededAccount> {
  const rand = mulberry32(opts.seed ?? 20261123);
  const today = opts.today ?? new Date();
  const subjectType = opts.subjectType ?? 'enterprise';
  const verifiedSubject = opts.verifiedSubject ?? (subjectType === 'enterprise' ? '北京云杉科技有限公司' : '孙磊');

  return db.transaction(async (tx) => {
    const [account] = await tx
      .insert(accounts)
      .values({
        slackTeamId: opts.teamId,
        verifiedSubject,
        subjectType,
        esignActivated: opts.esignActivated ?? true,
        language: 'zh',
        timeZone: 'Asia/Shanghai',
        notificationChannel: opts.notificationChannel ?? DEMO_CHANNELS.contracts,
        approvalKinds: opts.approvalKinds ?? [],
        approvalMinTotalCents: opts.approvalMinTotalCents ?? null,
        vendor: opts.vendor ?? 'tencent',
        // The console's account ID (demo): a Tencent Cloud UIN is digits, a QingCloud user ID usr-….
        cloudAccountId: (opts.vendor ?? 'tencent') === 'qingcloud' ? 'usr-yunshan01' : '100012345678',
      })
      .returning();
    const accountId = account!.id;
    await tx.insert(partyAProfiles).values({
      accountId,
      address: '北京市海淀区中关村大街 1 号云杉大厦 12 层',
      contactName: '张伟',
      phone: '13800138000',
      email: 'finance@yunshan.example.cn',
    });
    await tx.insert(members).values([
      { accountId, slackUserId: DEMO_USERS.admin.id, displayName: DEMO_USERS.admin.name, isAdmin: true, isEsignAdmin: true },
      { accountId, slackUserId: DEMO_USERS.approver.id, displayName: DEMO_USERS.approver.name, isApprover: true },
      { accountId, slackUserId: DEMO_USERS.approver2.id, displayName: DEMO_USERS.approver2.name, isApprover: true },
      { accountId, slackUserId: DEMO_USERS.requester.id, displayName: DEMO_USERS.requester.name },
      { accountId, slackUserId: DEMO_USERS.requester2.id, displayName: DEMO_USERS.requester2.name },
      { accountId, slackUserId: DEMO_USERS.signer.id, displayName: DEMO_USERS.signer.name },
    ]);

    let signerIds: SeededAccount['signers'] = null;
    if (subjectType === 'enterprise') {
      const rows = await tx
        .insert(signers)
        .values([
          {
            accountId,
            name: '王芳',
            phone: '13911112222',
            slackUserId: DEMO_USERS.signer.id,
            status: 'authorised',
            requestedBy: DEMO_USERS.admin.id,
            decidedBy: DEMO_USERS.admin.id,
          },
          { accountId, name: '李强', phone: '13733334444', slackUserId: null, status: 'pending', requestedBy: DEMO_USERS.requester.id },
        ])
        .returning();
      signerIds = { authorised: rows[0]!.id, pending: rows[1]!.id };
    }

    const edge = EDGE_ORDERS.map((e) => ({ id: `EDGE-${e.suffix}`, type: e.type, amountCents: e.amountCents, createdOn: e.createdOn }));
    const products = PRODUCTS[opts.vendor ?? 'tencent'];
    const seededOrders = [...edge, ...makeOrders(Math.max(0, (opts.orderCount ?? 200) - edge.length), rand, today)];
    for (let i = 0; i < seededOrders.length; i += 500) {
      await tx.insert(orders).values(seededOrders.slice(i, i + 500).map((o, j) => ({ ...o, accountId, product: products[(i + j) % products.length]! })));
    }

    const provinces = ['京', '沪', '粤', '浙', '苏'];
    const filings = Array.from({ length: opts.filingCount ?? 30 }, (_, i) => {
      const year = 2019 + (i % 7);
      return {
        id: `${provinces[i % provinces.length]}ICP备${year}${String(10000 + i * 37).padStart(6, '0')}号-${1 + (i % 3)}`,
        domain: `yunshan-${i + 1}.example.cn`,
        createdOn: `${year}-0${1 + (i % 9)}-15`,
      };
    });
    if (filings.length) await tx.insert(filingNumbers).values(filings.map((f) => ({ ...f, accountId })));

    return { accountId, teamId: opts.teamId, verifiedSubject, signers: signerIds, orders: seededOrders, filings: filings.map((f) => f.id) };
  });
}
