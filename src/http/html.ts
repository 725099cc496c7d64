// Text placed into the HTML pages this app serves (the signing page, the refused-link page).
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The font stack of every page: the phone's own CJK fonts, then the page's inline subset (page-font.ts), then the
 * system's. The subset comes before system-ui: Chromium on Linux drew CJK with system-ui's font (boxes) rather than
 * fall through to a later family. The subset holds no ASCII, so Latin text still comes from the system font.
 */
export const PAGE_FONTS = '"PingFang SC","Noto Sans CJK SC",page-cjk,system-ui,-apple-system,sans-serif';

/** A small page of ours outside Slack (a refused link, an error): phone-sized, in the page font. */
export function simplePage(lang: 'zh-CN' | 'en', title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{margin:0 auto;max-width:640px;padding:16px;font:16px/1.6 ${PAGE_FONTS};color:#1d1c1d}h1{font-size:20px}</style></head><body>${body}</body></html>`;
}
