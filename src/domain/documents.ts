// Which of a contract's documents exist at this point of its life: a draft once generated, the formal version once
// effective. Views offer Download exactly where this says there is something to download.
import type { Status, SubStatus } from './types.js';

export type DocKind = 'draft' | 'formal';

const DRAFT_FROM = new Set<SubStatus>([
  'draft_ready',
  'confirming_text',
  'confirming_signing',
  'awaiting_approval',
  'customer_signing',
  'cancelling',
  'vendor_signing',
  'e_effective',
  'paper_requested',
  'paper_shipped',
]);

export function documentAvailable(c: { status: Status; subStatus: SubStatus | null }, kind: DocKind): boolean {
  if (kind === 'formal') return c.status === 'effective';
  return c.status !== 'deleted' && c.subStatus !== null && DRAFT_FROM.has(c.subStatus);
}

/** The document a Download gives: the formal one where it exists, else the draft, else none. */
export function downloadable(c: { status: Status; subStatus: SubStatus | null }): DocKind | null {
  if (documentAvailable(c, 'formal')) return 'formal';
  return documentAvailable(c, 'draft') ? 'draft' : null;
}
