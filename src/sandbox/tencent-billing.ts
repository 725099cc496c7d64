// A stand-in of Tencent Cloud's billing endpoint (billing.tencentcloudapi.com) for tests and the sandbox: it answers
// DescribeDealsByCond from a list of deals, a page at a time, and refuses what Tencent refuses. Every request's
// TC3-HMAC-SHA256 signature is checked as Tencent's "Signature v3" reference describes it: the canonical request
// (method, URI, query, the signed headers lower-cased and trimmed in key order, the SHA-256 of the body), the string to
// sign (algorithm, timestamp, date/service/tc3_request, the canonical request's hash) and the key derived from
// "TC3" + SecretKey through the date, the service and "tc3_request". Its common error codes and messages are the
// reference's: AuthFailure.SecretIdNotFound, .SignatureFailure, .SignatureExpire (more than five minutes off),
// .InvalidAuthorization, RequestLimitExceeded (20 requests a second for this API), InvalidParameterValue.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TencentDeal } from '../tencent/billing-api.js';

export interface BillingStandInOptions {
  /** SecretId → SecretKey of the keys Tencent knows. */
  keys: Record<string, string>;
  deals: TencentDeal[];
  /** DescribeDealsByCond's limit: 20 requests a second. */
  perSecond?: number;
  now?: () => Date;
}

export interface BillingStandInRequest {
  action: string;
  secretId: string;
  params: Record<string, unknown>;
  /** The error code answered, or null. */
  error: string | null;
}

export interface BillingStandIn {
  /** http://127.0.0.1:port, for BillingApiOptions.standIn. */
  url: string;
  requests: BillingStandInRequest[];
  deals: TencentDeal[];
  /** Every request answers RequestLimitExceeded while true. */
  throttled: boolean;
  close(): Promise<void>;
}

const MESSAGES: Record<string, string> = {
  'AuthFailure.InvalidAuthorization': 'Authorization in the request header is invalid.',
  'AuthFailure.SecretIdNotFound': 'The SecretId is not found, please ensure that your SecretId is correct.',
  'AuthFailure.SignatureExpire': 'Signature expired. Timestamp and server time cannot differ by more than five minutes.',
  'AuthFailure.SignatureFailure': 'The provided credentials could not be validated. Please check your signature is correct.',
  InvalidAction: 'The API does not exist.',
  NoSuchVersion: 'The API version does not exist.',
  RequestLimitExceeded: 'The number of requests exceeds the frequency limit.',
  InvalidParameterValue: 'Invalid parameter value.',
};

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const AUTH = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Checks the signature as Tencent does; returns the SecretId that signed, or throws the code Tencent answers. */
export function verifyTc3(
  req: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer },
  keys: Record<string, string>,
  now: Date,
): string {
  const m = AUTH.exec(String(req.headers.authorization ?? ''));
  if (!m) throw new Refused('AuthFailure.InvalidAuthorization');
  const [, secretId, date, service, signedHeaders, signature] = m as unknown as [string, string, string, string, string, string];
  const timestamp = Number(req.headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp)) throw new Refused('AuthFailure.InvalidAuthorization');
  if (Math.abs(now.getTime() / 1000 - timestamp) > 300) throw new Refused('AuthFailure.SignatureExpire');
  const secretKey = keys[secretId];
  if (secretKey === undefined) throw new Refused('AuthFailure.SecretIdNotFound');
  const names = signedHeaders.split(';');
  // content-type and host must be signed; the date is the timestamp's UTC day; the service is the host's first label.
  const host = String(req.headers.host ?? '').toLowerCase();
  if (!names.includes('content-type') || !names.includes('host')) throw new Refused('AuthFailure.SignatureFailure');
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date || host.split('.')[0] !== service) throw new Refused('AuthFailure.SignatureFailure');
  const sorted = [...names].sort();
  if (sorted.join(';') !== signedHeaders) throw new Refused('AuthFailure.SignatureFailure');
  const canonicalHeaders = sorted
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .toLowerCase()}\n`,
    )
    .join('');
  const url = new URL(req.url, `http://${host}`);
  const canonicalRequest = [req.method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256(req.body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new Refused('AuthFailure.SignatureFailure');
  return secretId;
}

const DAY_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export async function startBillingStandIn(opts: BillingStandInOptions): Promise<BillingStandIn> {
  const now = opts.now ?? (() => new Date());
  const perSecond = opts.perSecond ?? 20;
  const seen: number[] = [];
  const state: BillingStandIn = { url: '', requests: [], deals: opts.deals, throttled: false, close: async () => {} };

  function answer(req: IncomingMessage, body: Buffer): Record<string, unknown> {
    const action = String(req.headers['x-tc-action'] ?? '');
    let params: Record<string, unknown> = {};
    const record = { action, secretId: '', params, error: null as string | null };
    state.requests.push(record);
    try {
      if (req.method !== 'POST' || !/^application\/json/.test(String(req.headers['content-type'] ?? ''))) throw new Refused('AuthFailure.InvalidAuthorization');
      record.secretId = verifyTc3({ method: req.method, url: req.url ?? '/', headers: req.headers, body }, opts.keys, now());
      const t = now().getTime();
      while (seen.length && seen[0]! <= t - 1000) seen.shift();
      if (state.throttled || seen.length >= perSecond) throw new Refused('RequestLimitExceeded');
      seen.push(t);
      if (action !== 'DescribeDealsByCond') throw new Refused('InvalidAction');
      if (req.headers['x-tc-version'] !== '2018-07-09') throw new Refused('NoSuchVersion');
      params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      record.params = params;
      const { StartTime, EndTime, Limit, Offset = 0 } = params as { StartTime?: unknown; EndTime?: unknown; Limit?: unknown; Offset?: unknown };
      if (typeof StartTime !== 'string' || typeof EndTime !== 'string' || !DAY_TIME.test(StartTime) || !DAY_TIME.test(EndTime))
        throw new Refused('InvalidParameterValue');
      if (!Number.isInteger(Limit) || (Limit as number) < 1 || (Limit as number) > 1000 || !Number.isInteger(Offset) || (Offset as number) < 0)
        throw new Refused('InvalidParameterValue');
      const inWindow = state.deals.filter((d) => (d.CreateTime ?? '') >= StartTime && (d.CreateTime ?? '') <= EndTime);
      inWindow.sort((a, b) => (a.CreateTime ?? '').localeCompare(b.CreateTime ?? '') || (a.OrderId ?? '').localeCompare(b.OrderId ?? ''));
      const start = (Offset as number) * (Limit as number);
      return { Deals: inWindow.slice(start, start + (Limit as number)), TotalCount: inWindow.length, RequestId: randomUUID() };
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      record.error = e.code;
      return { Error: { Code: e.code, Message: MESSAGES[e.code] ?? e.code }, RequestId: randomUUID() };
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify({ Response: answer(req, Buffer.concat(chunks)) });
      // Tencent answers its errors with HTTP 200 and Response.Error.
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}

/**
 * The sandbox's Tencent Cloud (issue 24): one API key its stand-in knows, shown in the sandbox's key modal, and a month
 * of paid orders to sync. The values look like a console's (AKID…, 32 characters) and work nowhere else.
 */
export const SANDBOX_TENCENT_KEY = { secretId: 'AKIDsBx7Kq2Vd9Rm4Tw8Yz3Np6Cl1Hf5Gj0', secretKey: 'Xs8Lq3Vb6Nm1Tc9Rw4Yk7Pd2Hf5Gz0Ja' } as const;

export function sandboxDeals(now: Date): TencentDeal[] {
  const products = ['云服务器 CVM', '云数据库 MySQL', '对象存储 COS', '内容分发网络 CDN'];
  return Array.from({ length: 20 }, (_, i) => {
    // Beijing time, as the API gives it: one order every day and a half back from now.
    const at = new Date(now.getTime() - (i + 1) * 36 * 3600_000 + 8 * 3600_000);
    return {
      OrderId: `2026${String(90_000_001 + i)}`,
      Status: 4,
      CreateTime: at.toISOString().slice(0, 19).replace('T', ' '),
      RealTotalCost: 12_000 + i * 1_350,
      PayMode: i % 4 === 3 ? 'postPay' : 'prePay',
      Action: i % 5 === 4 ? 'renew' : 'purchase',
      ProductName: products[i % products.length],
    };
  });
}
