// The e-sign service as the app sees it. The simulator implements it; a real provider (腾讯电子签) would too.

import type { FlowKind } from '../domain/lifecycle.js';

export type { FlowKind };

export interface FlowStatus {
  state: 'running' | 'done' | 'failed';
  /** Why it failed, or why the signer may not have the SMS. */
  error: string | null;
  smsDelivered: boolean;
  smsCount: number;
  smsLastAt: Date | null;
  startedAt: Date;
}

export interface FlowRequest {
  contractId: string;
  kind: FlowKind;
  phone?: string;
  channel?: 'vendor_seal' | 'dual_seal';
}

export const FLOWS_PER_CALL = 100;

export interface EsignService {
  /** Starts a flow for the contract, or returns the one already started: calling it twice starts nothing new. */
  start(contractId: string, kind: FlowKind, opts?: { phone?: string; channel?: 'vendor_seal' | 'dual_seal' }): Promise<FlowStatus>;
  status(contractId: string, kind: FlowKind): Promise<FlowStatus | null>;
  /**
   * `start` for many contracts in one call (at most FLOWS_PER_CALL, as real e-sign APIs take up to 100 flow ids per
   * request): the poller asks about a whole batch at once.
   */
  startMany(requests: FlowRequest[]): Promise<Map<string, FlowStatus>>;
  /** The signer's signature (the Slack Sign button stands in for the e-sign app). */
  sign(contractId: string, signer: string): Promise<FlowStatus | null>;
  /** Sends the signing SMS again. */
  resend(contractId: string): Promise<FlowStatus | null>;
  /** Starts a failed flow over. */
  retry(contractId: string, kind: FlowKind): Promise<FlowStatus | null>;
}
