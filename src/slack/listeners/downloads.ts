// R16: Download wherever a contract is shown. The click mints a signed link now, so it works whenever it is clicked,
// unlike the links in an old thread, which expire after LINK_TTL_HOURS.
import type { ButtonAction } from '@slack/bolt';
import { type DocKind, downloadable } from '../../domain/documents.js';
import { KIND_LABEL, lifetimeWords } from '../../domain/labels.js';
import { getContract } from '../../services/queries.js';
import { accountAndLocale, answerOnHome, isHomeClick, type SlackDeps, tellClicker } from '../context.js';
import { type Locale, pick } from '../i18n.js';
import { ACTION } from '../ids.js';
import type { ActionRouter } from '../routes.js';
import { parseContractRef } from '../views/blocks.js';

/** LINK_TTL_HOURS's default (config.ts), for an app built without it. */
const DEFAULT_LINK_TTL_HOURS = 168;

const WORDS = {
  formal: { zh: '正式合同', en: 'formal contract' },
  draft: { zh: '合同草稿', en: 'draft' },
  none: { zh: '这份合同还没有可下载的文件。', en: 'This contract has no document to download yet.' },
  notFound: { zh: '找不到这份合同。', en: 'Contract not found.' },
} as const;

function downloadText(l: Locale, number: string, kindLabel: string, doc: DocKind, url: string, ttlHours: number): string {
  const lasts = pick(lifetimeWords(ttlHours), l);
  return l === 'zh'
    ? `📄 *${number}* ${kindLabel} · ${pick(WORDS[doc], l)}：<${url}|下载 PDF>\n链接 ${lasts}内有效；过期后可在 App 首页或 \`/contract show ${number}\` 再次点「下载」获取新链接。`
    : `📄 *${number}* ${kindLabel} · ${pick(WORDS[doc], l)}: <${url}|download the PDF>\nThe link works for ${lasts}; after that, click Download again on the Home tab or in \`/contract show ${number}\`.`;
}

export function registerDownloads(app: ActionRouter, deps: SlackDeps): void {
  app.action(ACTION.download, async ({ ack, body, client, respond }) => {
    await ack();
    const b = body;
    const { account, l } = await accountAndLocale(deps, client, b);
    const ref = parseContractRef((b.actions[0] as ButtonAction).value);
    const tell = async (text: string) => {
      if (account && isHomeClick(b)) await answerOnHome(deps, client, account, b.user.id, text);
      await tellClicker(client, b.user.id, text, b.channel?.id, respond);
    };
    // The version in the button is not checked: a Download from an older view still gets today's document.
    const c = account && ref ? await getContract(deps.ctx.db, account.id, ref.id) : null;
    if (!c || c.status === 'deleted') return tell(pick(WORDS.notFound, l));
    const doc = downloadable(c);
    if (!doc) return tell(pick(WORDS.none, l));
    await tell(downloadText(l, c.number, pick(KIND_LABEL[c.kind], l), doc, deps.documentUrl(c.id, doc), deps.linkTtlHours ?? DEFAULT_LINK_TTL_HOURS));
  });
}
