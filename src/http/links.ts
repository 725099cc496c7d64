// Signed, expiring document links: HMAC-SHA256 over contract, document kind and expiry. Anything changed → 403.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DocKind } from '../domain/documents.js';
import { UUID_SOURCE } from '../domain/ids.js';

const DOCUMENT_PATH = new RegExp(`^/documents/(${UUID_SOURCE})/(draft|formal)$`, 'i');

function linkSignature(secret: string, contractId: string, kind: DocKind, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${contractId}\n${kind}\n${expiresAt}`).digest('base64url');
}

export function signedPath(secret: string, contractId: string, kind: DocKind, expiresAt: number): string {
  return `/documents/${contractId}/${kind}?exp=${expiresAt}&sig=${linkSignature(secret, contractId, kind, expiresAt)}`;
}

/** A link we signed, and whether it is past its expiry; null for anything we did not sign (wrong path or signature). */
export function readLink(secret: string, url: URL, nowMs: number): { contractId: string; kind: DocKind; expired: boolean } | null {
  const m = DOCUMENT_PATH.exec(url.pathname);
  const exp = Number(url.searchParams.get('exp'));
  const sig = url.searchParams.get('sig') ?? '';
  if (!m || !Number.isSafeInteger(exp)) return null;
  const expected = Buffer.from(linkSignature(secret, m[1]!, m[2] as DocKind, exp));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { contractId: m[1]!, kind: m[2] as DocKind, expired: exp * 1000 < nowMs };
}
