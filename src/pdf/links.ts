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

/** The contract and kind a request may read, or null: wrong path, bad signature, or past its expiry. */
export function checkLink(secret: string, url: URL, nowMs: number): { contractId: string; kind: DocKind } | null {
  const r = readLink(secret, url, nowMs);
  return r && !r.expired ? { contractId: r.contractId, kind: r.kind } : null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The 403 page. An expired link of ours names its contract and says how to get a new one (a new link is made by a
 * click in Slack, never by the holder of an old link); anything else says only that the link is not valid.
 */
export function refusedLinkPage(expiredNumber: string | null): string {
  const body = expiredNumber
    ? `<h1>链接已过期 · This link has expired</h1>
<p>合同 <b>${escapeHtml(expiredNumber)}</b> 的下载链接已超过有效期。获取新链接：在 Slack 中打开 contract-desk 的 App 首页点「下载」，
或输入 <code>/contract show ${escapeHtml(expiredNumber)}</code> 后点「下载」。</p>
<p>The download link of contract <b>${escapeHtml(expiredNumber)}</b> is past its expiry. For a new one, click Download on contract-desk's
Home tab in Slack, or type <code>/contract show ${escapeHtml(expiredNumber)}</code> and click Download.</p>`
    : `<h1>链接无效 · This link is not valid</h1>
<p>请在 Slack 中通过 App 首页或 <code>/contract show 合同编号</code> 点「下载」获取链接。</p>
<p>Get a link from Slack: Download on the Home tab, or <code>/contract show NUMBER</code>.</p>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>403</title></head><body>${body}</body></html>`;
}
