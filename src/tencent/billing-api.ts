// Tencent Cloud's billing API (billing.tencentcloudapi.com, version 2018-07-09) through the vendor's own Node SDK
// (tencentcloud-sdk-nodejs): the SDK signs every request (TC3-HMAC-SHA256) and we read one page of orders at a time
// with DescribeDealsByCond. The SDK loads on the first call, not at start-up (its billing client alone takes ~0.4 s).
import { Agent } from 'node:http';
import { connect } from 'node:net';
import type { Deal } from '../domain/import-tencent.js';

/** The fields of a DescribeDealsByCond `Deal` we read (amounts in fen, times in Beijing time): the import's own. */
export type TencentDeal = Deal;

export interface TencentKey {
  secretId: string;
  secretKey: string;
}

export interface DealsQuery {
  /** 'YYYY-MM-DD HH:mm:ss', Beijing time. */
  startTime: string;
  endTime: string;
  /** The API's Offset: a page number from 0 (its reference: "The page number the records start from"). */
  page: number;
  /** 1 to 1,000 rows a page. */
  limit: number;
}

export interface DealsPage {
  deals: TencentDeal[];
  totalCount: number;
}

/** An answer of the API's own (Response.Error.Code), or 'Network' when none came. */
export class TencentApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface BillingApi {
  describeDeals(key: TencentKey, q: DealsQuery): Promise<DealsPage>;
}

export const BILLING_HOST = 'billing.tencentcloudapi.com';

export interface BillingApiOptions {
  /**
   * A stand-in of the endpoint (tests, the sandbox): `http://127.0.0.1:port`. Requests still name and sign for
   * billing.tencentcloudapi.com, exactly as they would reach Tencent; only the connection goes to the stand-in.
   */
  standIn?: string;
  /** Seconds the SDK waits for an answer. */
  timeoutS?: number;
}

/** A connection to the stand-in whatever host the request names. */
function standInAgent(origin: string): Agent {
  const u = new URL(origin);
  const agent = new Agent({ keepAlive: false });
  agent.createConnection = () => connect(Number(u.port || 80), u.hostname);
  return agent;
}

export function tencentBillingApi(opts: BillingApiOptions = {}): BillingApi {
  const agent = opts.standIn ? standInAgent(opts.standIn) : undefined;
  return {
    async describeDeals(key, q) {
      const { billing } = await import('tencentcloud-sdk-nodejs/tencentcloud/services/billing/index.js');
      const client = new billing.v20180709.Client({
        credential: { secretId: key.secretId, secretKey: key.secretKey },
        profile: {
          signMethod: 'TC3-HMAC-SHA256',
          httpProfile: {
            endpoint: BILLING_HOST,
            reqMethod: 'POST',
            reqTimeout: opts.timeoutS ?? 30,
            ...(agent ? { protocol: 'http://', agent } : {}),
          },
        },
      });
      try {
        const r = await client.DescribeDealsByCond({ StartTime: q.startTime, EndTime: q.endTime, Limit: q.limit, Offset: q.page });
        return { deals: r.Deals ?? [], totalCount: Number(r.TotalCount ?? 0) };
      } catch (e) {
        const err = e as { code?: string; message?: string; requestId?: string };
        // The SDK's exception carries the API's code; a refused connection or a timeout has none.
        throw new TencentApiError(err.code || 'Network', err.message ?? String(e), err.requestId || undefined);
      }
    },
  };
}
