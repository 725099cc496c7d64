// The signing page a signer outside Slack opens from the SMS (R8; the vendor's e-sign mini-program): read the draft,
// confirm the phone with a one-time code, sign. The link is HMAC-signed with an expiry (as document links are, under
// a key of its own kind); the database makes it single-use and lets a newer SMS or a cancellation end it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DomainError, domainError } from '../domain/errors.js';
import { UUID_SOURCE } from '../domain/ids.js';
import { formatCents } from '../domain/labels.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import * as svc from '../services/index.js';
import { signingCodeSms } from '../slack/views/notifications.js';
import { FONT_SRC, withPageFont } from './page-font.js';
import { type PageLocale, problemPage, signedPage, signingPage } from './sms-signing-view.js';

const PATH = new RegExp(`^/sign/(${UUID_SOURCE})(/code|/sign)?$`, 'i');
const CSRF_COOKIE = 'sign_csrf';
const MAX_BODY = 4096;

export interface SigningPageDeps {
  ctx: Ctx;
  /** Signs the links and peppers the code hashes. */
  secret: string;
  esign: {
    start(contractId: string, kind: 'customer', opts: { phone?: string; channel?: 'vendor_seal' | 'dual_seal' }): Promise<unknown>;
    sign(contractId: string, signer: string): Promise<unknown>;
    sendSms(m: { contractId: string; phone: string; text: string }): Promise<void>;
  };
  /** Applies the e-sign service's news at once, so the thread shows 客户已签署 without waiting for the poller. */
  pollNow(contractId: string): Promise<unknown>;
  /** Delivers this contract's notifications now (not the backlog); never rejects (OutboxDispatcher.deliverNow). */
  deliverNow(contractId?: string): unknown;
  documentUrl(contractId: string, kind: 'draft'): string;
  log: Logger;
}

const mac = (secret: string, ...parts: string[]) =>
  createHmac('sha256', secret)
    .update(['sign-page', ...parts].join('\n'))
    .digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The path and query the SMS carries. */
export function signingPath(secret: string, linkId: string, exp: number): string {
  return `/sign/${linkId}?exp=${exp}&sig=${mac(secret, linkId, String(exp))}`;
}

export const handlesSigning = (pathname: string): boolean => PATH.test(pathname);

/** The link's id when its signature holds and it has not expired; null for anything else. */
function checkSignature(secret: string, url: URL, nowMs: number): { linkId: string; step: string } | null {
  const m = PATH.exec(url.pathname);
  const exp = Number(url.searchParams.get('exp'));
  const sig = url.searchParams.get('sig') ?? '';
  if (!m || !Number.isSafeInteger(exp) || exp * 1000 < nowMs) return null;
  if (!same(mac(secret, m[1]!.toLowerCase(), String(exp)), sig)) return null;
  return { linkId: m[1]!.toLowerCase(), step: m[2] ?? '' };
}

function pageLocale(req: IncomingMessage, url: URL): PageLocale {
  const asked = url.searchParams.get('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  return /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The URL is the signer's key: never cached, never sent on as a referrer, never framed by another site.
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; font-src ${FONT_SRC}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
};

async function send(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): Promise<void> {
  const page = await withPageFont(html);
  res.writeHead(status, { ...HEADERS, ...extra });
  res.end(page);
}

function cookie(req: IncomingMessage, name: string): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return '';
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const REFUSED_STATUS: Partial<Record<DomainError['code'], number>> = {
  SIGNING_LINK_USED: 410,
  SIGNING_LINK_SUPERSEDED: 410,
  SIGNING_NOT_OPEN: 409,
  SIGNING_CODE_TOO_SOON: 429,
  SIGNING_CODE_LIMIT: 429,
  SIGNING_CODE_LOCKED: 429,
  SIGNING_CODE_WRONG: 400,
  SIGNING_CODE_MISSING: 400,
};

/** Refusals the signer can still act on (ask for a code, retype it) keep the page; the others end it. */
const RECOVERABLE = new Set<string>(['SIGNING_CODE_TOO_SOON', 'SIGNING_CODE_WRONG', 'SIGNING_CODE_MISSING']);

export async function handleSigningPage(d: SigningPageDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const l = pageLocale(req, url);
  const withLang = (path: string, lang: PageLocale, more = '') =>
    `${path}?exp=${url.searchParams.get('exp')}&sig=${url.searchParams.get('sig')}&lang=${lang}${more}`;
  const link = checkSignature(d.secret, url, d.ctx.clock().getTime());
  if (!link) return send(res, 403, problemPage(domainError('SIGNING_LINK_INVALID').message, l, null));
  const base = `/sign/${link.linkId}`;
  const otherLang = withLang(base, l === 'zh' ? 'en' : 'zh');

  const showPage = async (status: number, opts: { error?: DomainError; errorAt?: 'code' | 'send'; codeSent?: boolean; agreed?: boolean } = {}) => {
    const open = await svc.openSigningLink(d.ctx, link.linkId);
    if (!open.ok) return send(res, REFUSED_STATUS[open.error.code] ?? 403, problemPage(open.error.message, l, otherLang));
    const { contract: c, items } = open.value;
    // A fresh token for each page: the forms carry its MAC, the cookie the token, so another site cannot post them.
    const nonce = randomBytes(18).toString('base64url');
    const html = signingPage(
      {
        number: c.number,
        kind: c.kind,
        vendor: c.vendor,
        subjectType: open.value.subjectType,
        partyA: c.partyA?.name ?? '',
        signerName: c.signerName ?? '',
        phone: open.value.link.phone,
        totalCents: c.totalCents,
        items: items.map((i) => (i.amountCents == null ? i.itemRef : `${i.itemRef} · ${formatCents(i.amountCents)}`)),
        itemRefs: items.map((i) => i.itemRef),
        draftUrl: d.documentUrl(c.id, 'draft'),
        codeAction: withLang(`${base}/code`, l),
        signAction: withLang(`${base}/sign`, l),
        csrf: mac(d.secret, 'csrf', link.linkId, nonce),
        codeSent: opts.codeSent ?? false,
        error: opts.error?.message ?? null,
        ...(opts.errorAt ? { errorAt: opts.errorAt } : {}),
        agreed: opts.agreed ?? false,
        otherLang,
      },
      l,
    );
    await send(res, status, html, { 'set-cookie': `${CSRF_COOKIE}=${nonce}; Path=${base}; HttpOnly; SameSite=Strict` });
  };

  if (req.method === 'GET' && !link.step) return showPage(200, { codeSent: url.searchParams.get('sent') === '1' });
  if (req.method !== 'POST' || !link.step) return send(res, 405, problemPage(domainError('SIGNING_LINK_INVALID').message, l, null), { allow: 'GET, POST' });

  const form = await readForm(req);
  const nonce = cookie(req, CSRF_COOKIE);
  const origin = req.headers.origin;
  const crossSite = origin !== undefined && origin !== 'null' && new URL(origin).host !== req.headers.host;
  if (!form || !nonce || crossSite || !same(mac(d.secret, 'csrf', link.linkId, nonce), form.get('csrf') ?? '')) {
    return send(res, 403, problemPage(domainError('SIGNING_LINK_INVALID').message, l, null));
  }

  if (link.step === '/code') {
    const r = await svc.newSigningCode(d.ctx, link.linkId, d.secret);
    if (!r.ok)
      // Under the send-code button; a link that no longer opens gets its own page from showPage.
      return showPage(REFUSED_STATUS[r.error.code] ?? 403, { error: r.error, errorAt: 'send' });
    await d.esign.sendSms({ contractId: r.value.contract.id, phone: r.value.phone, text: signingCodeSms(r.value.contract.number, r.value.code) });
    // Post/redirect/get: a reload does not send another code.
    res.writeHead(303, { ...HEADERS, location: withLang(base, l, '&sent=1') });
    return void res.end();
  }

  const r = await svc.confirmSigningCode(d.ctx, link.linkId, form.get('code') ?? '', d.secret);
  if (!r.ok) {
    // Under the code field, where the signer retypes it; their tick stays.
    if (RECOVERABLE.has(r.error.code))
      return showPage(REFUSED_STATUS[r.error.code] ?? 400, { error: r.error, errorAt: 'code', agreed: form.get('agree') === 'on' });
    return send(res, REFUSED_STATUS[r.error.code] ?? 403, problemPage(r.error.message, l, otherLang));
  }
  const c = r.value;
  // The signature goes to the e-sign service as the Sign button's does; its outcome reaches the thread through the
  // poller's path (customerSigned, the audit trail, the outbox).
  await d.esign.start(c.id, 'customer', { ...(c.signerPhone ? { phone: c.signerPhone } : {}), channel: c.sealChannel });
  await d.esign.sign(c.id, `sms:${maskSafe(c.signerName)}`);
  await d.pollNow(c.id).catch((e: unknown) => d.log.warn({ err: e, contract: c.id }, 'signing page: poll after signing failed; the poller will pick it up'));
  void d.deliverNow(c.id);
  await send(res, 200, signedPage(c.number, c.vendor, l));
}

const maskSafe = (name: string | null): string => (name ?? '').slice(0, 100);
