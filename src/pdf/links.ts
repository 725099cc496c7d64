// Signed, expiring document links: HMAC-SHA256 over contract, document kind and expiry. Anything changed → 403.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UUID_SOURCE } from '../domain/ids.js';

const DOCUMENT_PATH = new RegExp(`^/documents/(${UUID_SOURCE})/(draft|formal)$`, 'i');

export type DocKind = 'draft' | 'formal';

export function linkSignature(secret: string, contractId: string, kind: DocKind, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${contractId}\n${kind}\n${expiresAt}`).digest('base64url');
}

export function signedPath(secret: string, contractId: string, kind: DocKind, expiresAt: number): string {
  return `/documents/${contractId}/${kind}?exp=${expiresAt}&sig=${linkSignature(secret, contractId, kind, expiresAt)}`;
}

/** The contract and kind a request may read, or null: wrong path, bad signature, or past its expiry. */
export function checkLink(secret: string, url: URL, nowMs: number): { contractId: string; kind: DocKind } | null {
  const m = DOCUMENT_PATH.exec(url.pathname);
  const exp = Number(url.searchParams.get('exp'));
  const sig = url.searchParams.get('sig') ?? '';
  if (!m || !Number.isSafeInteger(exp) || exp * 1000 < nowMs) return null;
  const expected = Buffer.from(linkSignature(secret, m[1]!, m[2] as DocKind, exp));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { contractId: m[1]!, kind: m[2] as DocKind };
}
