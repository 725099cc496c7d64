// R18 in Slack: an admin opens the import modal from Home, picks what the file holds and the file (file_input). The
// submission is answered within Slack's 3 seconds: a wrong file type, size or count is refused under the file field
// at once; the file is downloaded with the workspace's bot token and read, and if that is done in time its problems
// (unreadable, columns missing) go under the field too. Otherwise the modal shows "importing" and the outcome
// replaces it when the import is written. Refusals beyond what a modal shows go to the person's DM as a CSV.
import { createHash } from 'node:crypto';
import type { BlockAction } from '@slack/bolt';
import type { View, WebClient } from '@slack/web-api';
import { z } from 'zod';
import { domainError, type Messages } from '../../domain/errors.js';
import { formatOf, MAX_FILE_BYTES, MAX_FILE_MB, readExport, readTable } from '../../domain/import-table.js';
import { IMPORT_KINDS, type ImportKind, importMessage } from '../../domain/import-words.js';
import { localDay } from '../../domain/local-time.js';
import * as svc from '../../services/index.js';
import { accountAndLocale, refusalText, type SlackDeps, tellClicker } from '../context.js';
import type { Locale } from '../i18n.js';
import { ACTION, IMPORT_BLOCK, IMPORT_CB, TENCENT_ACTION, TENCENT_BLOCK, TENCENT_KEY_CB } from '../ids.js';
import { parseState } from '../payloads.js';
import type { ActionRouter, ViewRouter } from '../routes.js';
import { downloadSlackFile } from '../slack-files.js';
import { showView } from '../view-refused.js';
import {
  importFailedView,
  importingView,
  importKinds,
  importReportComment,
  importReportCsv,
  importResultView,
  importView,
  SHOWN_ERRORS,
  TENCENT_OFF,
  tencentFailedView,
  tencentKeyView,
  tencentSyncingView,
} from '../views/import.js';
import { errors, onSubmit, readState, update, who } from './submission.js';

const IMPORT_ACTION = { zh: '导入订单、账单和备案号', en: 'import orders, bills and filing numbers' };
/** How long the submission may read the file before it must answer Slack (3 s, less the round trips). */
const ANSWER_WITHIN_MS = 2_000;

const text = (block: string) => z.object({ [block]: z.object({ value: z.string().nullish() }) });
const KeyState = z.object({ [TENCENT_BLOCK.secretId]: text(TENCENT_BLOCK.secretId), [TENCENT_BLOCK.secretKey]: text(TENCENT_BLOCK.secretKey) });

const SlackFile = z.object({ id: z.string(), name: z.string().default(''), size: z.number().optional(), url_private_download: z.string().optional() });
const ImportState = z.object({
  [IMPORT_BLOCK.kind]: z.object({ [IMPORT_BLOCK.kind]: z.object({ selected_option: z.object({ value: z.string() }).nullish() }) }).optional(),
  [IMPORT_BLOCK.file]: z.object({ [IMPORT_BLOCK.file]: z.object({ files: z.array(SlackFile).nullish() }) }).optional(),
});

type Read = { ok: true; summaryInput: svc.ImportInput } | { ok: false; error: Messages };

/** The import modal as the account is now: a Tencent Cloud account's with its billing API's key and last sync. */
export async function currentImportView(deps: SlackDeps, l: Locale, account: svc.AccountRow) {
  if (account.vendor !== 'tencent') return importView(l, account.vendor);
  return importView(l, account.vendor, { status: await svc.tencentStatus(deps.ctx.db, account.id), timeZone: account.timeZone });
}

export function registerImport(app: ActionRouter & ViewRouter, deps: SlackDeps): void {
  /** The clicker, if an admin of the workspace's account; otherwise they are told why and null comes back. */
  async function adminClick(b: BlockAction, client: WebClient) {
    const { account, l } = await accountAndLocale(deps, client, b);
    const tell = (text: string) => tellClicker(client, b.user.id, text, b.channel?.id);
    if (!account) return null;
    const roles = await svc.rolesOf(deps.ctx.db, account.id, b.user.id);
    if (!roles.isAdmin) {
      await tell(refusalText(domainError('NOT_PERMITTED', { action: IMPORT_ACTION }), l));
      return null;
    }
    return { account, l, tell };
  }

  app.action(ACTION.homeImport, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const who = await adminClick(b, client);
    if (!who) return;
    const { account, l, tell } = who;
    const view = await currentImportView(deps, l, account);
    await showView('views.open', () => client.views.open({ trigger_id: b.trigger_id, view }), { l, log: deps.log, tell });
  });

  // Tencent Cloud accounts: the API key, in a modal pushed over the import modal.
  app.action(TENCENT_ACTION.key, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const who = await adminClick(b, client);
    if (!who) return;
    await showView('views.push', () => client.views.push({ trigger_id: b.trigger_id, view: tencentKeyView(who.l, deps.tencent?.demoKey) }), {
      l: who.l,
      log: deps.log,
      tell: who.tell,
    });
  });

  onSubmit(app, deps, TENCENT_KEY_CB, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer();
    const form = readState(KeyState, view, TENCENT_BLOCK.secretId, l);
    if (!form.ok) return answer(form.answer);
    const secretId = form.value[TENCENT_BLOCK.secretId]?.[TENCENT_BLOCK.secretId]?.value ?? '';
    const secretKey = form.value[TENCENT_BLOCK.secretKey]?.[TENCENT_BLOCK.secretKey]?.value ?? '';
    const r = await svc.setTencentKey(deps.ctx, actor, account.id, { secretId, secretKey }, deps.tencent?.box ?? null);
    if (!r.ok) {
      const block = r.refusal.field === 'secretKey' ? TENCENT_BLOCK.secretKey : TENCENT_BLOCK.secretId;
      return answer(errors(block, r.refusal.message[l]));
    }
    await answer();
    // The import modal underneath now shows the key (its hint) and the Sync button.
    const below = (view as { previous_view_id?: string | null }).previous_view_id;
    if (below)
      await client.views
        .update({ view_id: below, view: (await currentImportView(deps, l, account)) as View })
        .catch((e: unknown) => deps.log.warn({ err: e }, 'import view refresh failed'));
  });

  // Sync now: the modal says it is reading, then shows what was imported or why nothing was.
  app.action(TENCENT_ACTION.sync, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const who = await adminClick(b, client);
    const viewId = b.view?.id;
    if (!who || !viewId) return;
    const { account, l, tell } = who;
    const show = (v: View) => showView('views.update', () => client.views.update({ view_id: viewId, view: v }), { l, log: deps.log, tell });
    if (!deps.tencent) return show(tencentFailedView(l, TENCENT_OFF));
    await show(tencentSyncingView(l));
    const actor = { type: 'user' as const, accountId: account.id, userId: b.user.id };
    const r = await svc.syncTencentOrders(deps.ctx, actor, account.id, deps.tencent);
    if (!r.ok) {
      deps.log.warn({ account: account.id, code: r.code }, 'tencent billing sync refused');
      return show(tencentFailedView(l, r.message));
    }
    const more = r.value.refused.length > SHOWN_ERRORS ? await sendReport(client, b.user.id, l, r.value) : null;
    deps.log.info({ account: account.id, rows: r.value.rows, added: r.value.added, updated: r.value.updated }, 'tencent billing sync');
    await show(importResultView(l, r.value, more));
  });

  onSubmit(app, deps, IMPORT_CB, async ({ body, view, client, context }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer();
    const state = parseState(ImportState, view.state?.values);
    if (!state.ok) return answer(errors(IMPORT_BLOCK.file, importMessage('FILE_REQUIRED')[l]));
    const kindValue = state.value[IMPORT_BLOCK.kind]?.[IMPORT_BLOCK.kind].selected_option?.value;
    const kind = IMPORT_KINDS.find((k) => k === kindValue && importKinds(account.vendor).includes(k));
    const chooseKind = { zh: '请选择文件内容', en: 'choose what the file holds' };
    if (!kind) return answer(errors(IMPORT_BLOCK.kind, refusalText(domainError('INVALID_INPUT', { detail: chooseKind }), l)));
    const files = state.value[IMPORT_BLOCK.file]?.[IMPORT_BLOCK.file].files ?? [];
    if (files.length !== 1) return answer(errors(IMPORT_BLOCK.file, importMessage(files.length ? 'FILE_COUNT' : 'FILE_REQUIRED')[l]));
    const file = files[0]!;
    if (!formatOf(file.name)) return answer(errors(IMPORT_BLOCK.file, importMessage('FILE_TYPE', { name: file.name })[l]));
    if ((file.size ?? 0) > MAX_FILE_BYTES) return answer(errors(IMPORT_BLOCK.file, importMessage('FILE_TOO_LARGE', { max: MAX_FILE_MB })[l]));
    const roles = await svc.rolesOf(deps.ctx.db, account.id, actor.userId);
    if (!roles.isAdmin) return answer(errors(IMPORT_BLOCK.file, refusalText(domainError('NOT_PERMITTED', { action: IMPORT_ACTION }), l)));

    const today = localDay(deps.ctx.clock(), account.timeZone);
    const reading = readFile(file, kind, String(context.botToken ?? ''), today);
    const early = await Promise.race([reading, new Promise<null>((r) => setTimeout(() => r(null), ANSWER_WITHIN_MS).unref())]);
    // Read in time and refused as a whole: the person sees why under the file, and can pick another.
    if (early && !early.ok) return answer(errors(IMPORT_BLOCK.file, early.error[l]));
    await answer(update(importingView(l, file.name)));

    const show = (v: ReturnType<typeof importingView>) =>
      showView('views.update', () => client.views.update({ view_id: body.view.id, view: v }), {
        l,
        log: deps.log,
        tell: (text) => tellClicker(client, actor.userId, text, undefined),
      });
    const read = early ?? (await reading);
    if (!read.ok) return show(importFailedView(l, file.name, read.error));
    const r = await svc.importItems(deps.ctx, actor, account.id, read.summaryInput);
    if (!r.ok) return show(importFailedView(l, file.name, r.error.message));
    const more = r.value.refused.length > SHOWN_ERRORS ? await sendReport(client, actor.userId, l, r.value) : null;
    deps.log.info({ account: account.id, kind, rows: r.value.rows, added: r.value.added, updated: r.value.updated }, 'import');
    await show(importResultView(l, r.value, more));
  });

  async function readFile(file: z.infer<typeof SlackFile>, kind: ImportKind, token: string, today: string): Promise<Read> {
    if (!file.url_private_download) return { ok: false, error: importMessage('FILE_DOWNLOAD', { detail: 'no url' }) };
    const got = await downloadSlackFile(file.url_private_download, token, MAX_FILE_BYTES);
    if (!got.ok) {
      deps.log.warn({ file: file.id, detail: got.detail }, 'import: download failed');
      return { ok: false, error: importMessage('FILE_DOWNLOAD', { detail: got.detail }) };
    }
    const table = await readTable(got.bytes, file.name);
    if (!table.ok) return table;
    const read = readExport(kind, table.rows, today);
    if (!read.ok) return read;
    const sha256 = createHash('sha256').update(got.bytes).digest('hex');
    return {
      ok: true,
      summaryInput: { kind, fileName: file.name, sha256, rows: read.rows, valid: read.valid, errors: read.errors, idColumn: read.columns.id?.header ?? '' },
    };
  }

  /** The whole list of refusals, as a CSV in the person's DM; whether it got there. */
  async function sendReport(client: WebClient, userId: string, l: Locale, s: svc.ImportSummary): Promise<'sent' | 'notSent'> {
    try {
      const dm = (await client.conversations.open({ users: userId })).channel?.id;
      if (!dm) return 'notSent';
      const filename = `${s.fileName.replace(/\.[^.]+$/, '')}-refused.csv`;
      await client.filesUploadV2({
        channel_id: dm,
        file: importReportCsv(s.refused, l),
        filename,
        title: filename,
        initial_comment: importReportComment(l, s.fileName, s.refused.length),
      });
      return 'sent';
    } catch (e) {
      deps.log.warn({ err: e }, 'import: the refusal report could not be sent');
      return 'notSent';
    }
  }
}
