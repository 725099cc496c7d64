// The e-sign service as the app sees it. The simulator implements it; a real provider (腾讯电子签) would too.

export type FlowKind = 'draft' | 'customer' | 'vendor' | 'cancel';

export interface FlowStatus {
  state: 'running' | 'done' | 'failed';
  /** Why it failed, or why the signer may not have the SMS. */
  error: string | null;
  smsDelivered: boolean;
  smsCount: number;
  smsLastAt: Date | null;
  startedAt: Date;
}

export interface EsignService {
  /** Starts a flow for the contract, or returns the one already started: calling it twice starts nothing new. */
  start(contractId: string, kind: FlowKind, opts?: { phone?: string; channel?: 'vendor_seal' | 'dual_seal' }): Promise<FlowStatus>;
  status(contractId: string, kind: FlowKind): Promise<FlowStatus | null>;
  /** The signer's signature (the Slack Sign button stands in for the e-sign app). */
  sign(contractId: string, signer: string): Promise<FlowStatus | null>;
  /** Sends the signing SMS again. */
  resend(contractId: string): Promise<FlowStatus | null>;
  /** Starts a failed flow over. */
  retry(contractId: string, kind: FlowKind): Promise<FlowStatus | null>;
}
