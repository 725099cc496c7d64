// The documents' HTTP side: a signed link gives the stored PDF; anything else gets a page saying how to get a new link.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import { contracts } from '../db/schema.js';
import type { Ctx } from '../services/context.js';
import { ensureDocument } from '../services/documents.js';
import { escapeHtml, simplePage } from './html.js';
import { readLink } from './links.js';
import { withPageFont } from './page-font.js';

/** GET /documents/:contract/:kind?exp&sig: the stored PDF for a valid link; 403 and no bytes for anything else. */
export async function serveDocument(ctx: Ctx, secret: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = req.method === 'GET' ? readLink(secret, new URL(req.url ?? '/', 'http://x'), ctx.clock().getTime()) : null;
  const link = read && !read.expired ? read : null;
  if (!link) {
    const [old] = read ? await ctx.db.select({ number: contracts.number }).from(contracts).where(eq(contracts.id, read.contractId)) : [];
    const page = await withPageFont(refusedLinkPage(old?.number ?? null));
    res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
    return;
  }
  const doc = await ensureDocument(ctx, link.contractId, link.kind);
  if (!doc) {
    const page = await withPageFont(
      simplePage('zh-CN', '404', '<h1>文件尚未生成 · Not issued yet</h1><p>请稍后在 Slack 中再点「下载」。</p><p>Click Download in Slack again shortly.</p>'),
    );
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
    return;
  }
  const [c] = await ctx.db.select({ number: contracts.number }).from(contracts).where(eq(contracts.id, link.contractId));
  res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': String(doc.bytes.length),
    'content-disposition': `inline; filename="${c?.number ?? 'contract'}-${link.kind}.pdf"`,
    'x-content-sha256': doc.sha256,
    'cache-control': 'private, no-store',
  });
  res.end(Buffer.from(doc.bytes));
}

/**
 * The 403 page. An expired link of ours names its contract and says how to get a new one (a new link is made by a
 * click in Slack, never by the holder of an old link); anything else says only that the link is not valid.
 */
function refusedLinkPage(expiredNumber: string | null): string {
  const body = expiredNumber
    ? `<h1>链接已过期 · This link has expired</h1>
<p>合同 <b>${escapeHtml(expiredNumber)}</b> 的下载链接已超过有效期。获取新链接：在 Slack 中打开 contract-desk 的 App 首页点「下载」，
或输入 <code>/contract show ${escapeHtml(expiredNumber)}</code> 后点「下载」。</p>
<p>The download link of contract <b>${escapeHtml(expiredNumber)}</b> is past its expiry. For a new one, click Download on contract-desk's
Home tab in Slack, or type <code>/contract show ${escapeHtml(expiredNumber)}</code> and click Download.</p>`
    : `<h1>链接无效 · This link is not valid</h1>
<p>请在 Slack 中通过 App 首页或 <code>/contract show 合同编号</code> 点「下载」获取链接。</p>
<p>Get a link from Slack: Download on the Home tab, or <code>/contract show NUMBER</code>.</p>`;
  return simplePage('zh-CN', '403', body);
}
