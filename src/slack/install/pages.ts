// The pages a person's browser sees while installing the app: the install page, the page after Slack sends them back
// (installed, refused, or what went wrong). Both languages on every page: we do not know the installer's yet.
import { escapeHtml as esc } from '../../http/html.js';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans SC",sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1d1c1d}
h1{font-size:1.4rem}.en{color:#555}a.button{display:inline-block;background:#4a154b;color:#fff;padding:.6rem 1.2rem;border-radius:6px;text-decoration:none}</style>
</head><body>${body}</body></html>`;
}

/** /slack/install: what the app does, the scopes it asks for, and the button to Slack's authorize page. */
export function installPage(authorizeUrl: string): string {
  return page(
    '安装 contract-desk · Install contract-desk',
    `<h1>安装 contract-desk · Install contract-desk</h1>
<p>在 Slack 中申请、审批、签署和跟踪与云厂商（腾讯云或青云）的合同。安装后，在 Slack 中打开 contract-desk 的主页（或输入 <code>/contract</code>）完成工作区设置。</p>
<p class="en">Request, approve, sign and track your contracts with your cloud vendor (Tencent Cloud or QingCloud) in Slack. Once installed, open contract-desk's Home tab in Slack (or type <code>/contract</code>) to set the workspace up.</p>
<p><a class="button" href="${esc(authorizeUrl)}">添加到 Slack · Add to Slack</a></p>`,
  );
}

/** After a successful install: where to go next. */
export function installedPage(o: { teamId: string; teamName?: string; appId?: string }): string {
  const team = o.teamName ? `「${esc(o.teamName)}」` : '';
  const web = `https://app.slack.com/client/${encodeURIComponent(o.teamId)}`;
  const native = o.appId
    ? `slack://app?team=${encodeURIComponent(o.teamId)}&id=${encodeURIComponent(o.appId)}`
    : `slack://open?team=${encodeURIComponent(o.teamId)}`;
  return page(
    '已安装 · Installed',
    `<h1>已安装到工作区${team} · Installed${o.teamName ? ` in ${esc(o.teamName)}` : ''}</h1>
<p>下一步：在 Slack 中打开 contract-desk 的主页，或在任意频道输入 <code>/contract</code>，按提示完成工作区设置（云厂商、云账号 ID、实名认证主体等）。</p>
<p class="en">Next: open contract-desk's Home tab in Slack, or type <code>/contract</code> in any channel, and follow the set-up (vendor, cloud account ID, verified subject…).</p>
<p><a class="button" href="${esc(native)}">打开 Slack · Open Slack</a> &nbsp; <a href="${esc(web)}">在浏览器中打开 · Open in the browser</a></p>`,
  );
}

/** An org-wide (Enterprise Grid) install: refused, the token given back, and what to do instead. */
export function orgWideRefusedPage(): string {
  return page(
    '无法为整个企业组织安装 · Organisation-wide install not supported',
    `<h1>无法为整个企业组织安装 · Organisation-wide install not supported</h1>
<p>contract-desk 按工作区安装：每个工作区关联一个云账号。刚才的企业级安装已撤销，没有保存任何令牌。请由管理员将 contract-desk 安装到单个工作区（在授权页选择一个工作区，而不是整个组织）。</p>
<p class="en">contract-desk is installed per workspace: each workspace is linked to one cloud account. The organisation-wide install was undone and no token was kept. Ask an admin to install contract-desk into a single workspace (choose a workspace on Slack's page, not the whole organisation).</p>`,
  );
}

/** Why an install did not complete, in words a person can act on; `code` is @slack/oauth's error code. */
export function installFailedPage(code: string): { status: number; html: string } {
  const state = code === 'slack_oauth_invalid_state' || code === 'slack_oauth_missing_state';
  const cancelled = code === 'slack_oauth_installer_authorization_error';
  const [zh, en] = state
    ? [
        '这个安装链接已过期，或是在另一个浏览器中打开的。请从安装页重新开始。',
        'This install link expired, or was opened in another browser. Please start again from the install page.',
      ]
    : cancelled
      ? ['安装已取消，未做任何更改。', 'The install was cancelled; nothing was changed.']
      : [
          '安装未完成，请稍后从安装页重试；如果仍然失败，请联系应用管理员。',
          'The install did not complete. Please try again from the install page; if it keeps failing, contact the app’s administrator.',
        ];
  const html = page(
    '安装未完成 · Install not completed',
    `<h1>安装未完成 · Install not completed</h1><p>${esc(zh)}</p><p class="en">${esc(en)}</p><p><a href="/slack/install">重新安装 · Install again</a></p>`,
  );
  return { status: state || cancelled ? 400 : 500, html };
}

/**
 * /slack/install in the sandbox (no Slack app configured): nothing to install, since the sandbox's app is already in
 * each of its workspaces; the page says so and leads back to the sandbox, instead of a bare refusal.
 */
export function sandboxInstallPage(workspaces: string[]): string {
  const list = workspaces.map((w) => `<li>${esc(w)}</li>`).join('');
  return page(
    '沙盒已安装 · Installed in the sandbox',
    `<h1>沙盒已安装 · Installed in the sandbox</h1>
<p>这是本地沙盒，没有连接真正的 Slack：contract-desk 已安装在沙盒的每个工作区中，无需再安装。要试试新公司的设置流程，请在沙盒中切换到「新公司 · 尚未设置」工作区，打开主页或输入 <code>/contract</code>。</p>
<p class="en">This is the local sandbox, not connected to Slack: contract-desk is already installed in each of its workspaces, so there is nothing to install. To try what a new company does, switch to the "Not set up yet" workspace in the sandbox and open the Home tab or type <code>/contract</code>.</p>
<ul>${list}</ul>
<p class="en">To install it in a real workspace, start the app with a Slack app's credentials (docs/slack-setup.md).</p>
<p><a class="button" href="/">返回沙盒 · Back to the sandbox</a></p>`,
  );
}
