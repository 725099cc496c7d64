// /contract: help, new, list, show, party, signers, settings. Unknown text gets help, not an error.
import type { View } from '@slack/types';
import type { App } from '@slack/bolt';
import { stateLabel } from '../../domain/labels.js';
import { rolesOf } from '../../services/access.js';
import { auditTrail, getContractByNumber, itemsOf, listContracts } from '../../services/queries.js';
import { accountForTeam, fallbackLocale, localeOf, type SlackDeps } from '../context.js';
import { escapeMrkdwn, pick, t } from '../i18n.js';
import { helpMessage, listMessage, showMessage } from '../views/commands.js';
import { profileView, settingsView, signersBlocks } from '../views/admin.js';
import { startView } from '../views/wizard.js';
import { showView } from '../view-refused.js';
import { approverIds, authorisedSigners, partyAProfile } from '../../services/queries.js';
import { findDocument } from '../../services/documents.js';

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/contract', async ({ command, ack, respond, client }) => {
    await ack();
    const account = await accountForTeam(deps, command.team_id);
    const l = await localeOf(deps, client, account, command.user_id);
    if (!account) {
      await respond({ response_type: 'ephemeral', text: t('unknownWorkspace', fallbackLocale(null)) });
      return;
    }
    const [verb = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const refused = { l, log: deps.log, tell: (text: string) => respond({ response_type: 'ephemeral', text }) };
    const open = (view: View) => showView('views.open', () => client.views.open({ trigger_id: command.trigger_id, view }), refused);
    const arg = rest.join(' ');
    switch (verb.toLowerCase()) {
      case 'new':
        await open(startView(l));
        return;
      case 'list': {
        const mine = await listContracts(deps.ctx.db, account.id, { requesterId: command.user_id, limit: 15 });
        await respond({ response_type: 'ephemeral', text: t('listTitle', l), blocks: listMessage(mine, l) });
        return;
      }
      case 'show': {
        const c = arg ? await getContractByNumber(deps.ctx.db, account.id, arg) : null;
        if (!c) {
          await respond({ response_type: 'ephemeral', text: t('notFound', l, { number: escapeMrkdwn(arg || '?') }) });
          return;
        }
        const trail = await auditTrail(deps.ctx.db, c.id);
        const blocks = showMessage({ contract: c, items: await itemsOf(deps.ctx.db, c.id) }, trail, l, c.requesterId === command.user_id);
        await respond({ response_type: 'ephemeral', text: c.number, blocks });
        return;
      }
      case 'party': {
        const profile = await partyAProfile(deps.ctx.db, account.id);
        const roles = await rolesOf(deps.ctx.db, account.id, command.user_id);
        await open(profileView(l, account.verifiedSubject, profile ?? null, roles.isAdmin));
        return;
      }
      case 'signers': {
        const list = await authorisedSigners(deps.ctx.db, account.id);
        await respond({ response_type: 'ephemeral', text: t('signersTitle', l), blocks: signersBlocks(l, account.subjectType === 'personal', list) });
        return;
      }
      case 'verify': {
        const found = await findDocument(deps.ctx, account.id, arg);
        const text = found
          ? t('verified', l, { number: found.contract.number, kind: t(found.kind === 'formal' ? 'formalLink' : 'draftLink', l), state: pick(stateLabel(found.contract), l), date: found.createdAt.toISOString().slice(0, 10) })
          : t('notVerified', l, { hash: escapeMrkdwn(arg.slice(0, 80) || '?') });
        await respond({ response_type: 'ephemeral', text });
        return;
      }
      case 'settings': {
        const roles = await rolesOf(deps.ctx.db, account.id, command.user_id);
        if (!roles.isAdmin) {
          await respond({ response_type: 'ephemeral', text: t('adminsOnly', l) });
          return;
        }
        await open(settingsView(l, account, await approverIds(deps.ctx.db, account.id)));
        return;
      }
      default:
        await respond({
          response_type: 'ephemeral',
          text: t('helpTitle', l),
          blocks: helpMessage(l, process.env.npm_package_version ?? ''),
        });
    }
  });
}
