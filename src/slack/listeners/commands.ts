// /contract: help, new, list, record, show, party, signers, verify, settings, import. Unknown text gets help, not an error.
import type { View } from '@slack/types';
import { approvalPolicyOf } from '../../domain/rules.js';
import type { Vendor } from '../../domain/vendors.js';
import { membersWith, rolesOf } from '../../services/access.js';
import { findDocument } from '../../services/documents.js';
import { auditTrail, authorisedSigners, getContractByNumber, itemRefsOf, itemsOf, listContracts, partyAProfile, peopleNames } from '../../services/queries.js';
import { countOwn } from '../../services/record-page.js';
import { accountForTeam, cachedAccount, localeOf, type SlackDeps } from '../context.js';
import { escapeMrkdwn, type Locale, t } from '../i18n.js';
import type { CommandRouter } from '../routes.js';
import { showView } from '../view-refused.js';
import { profileView, settingsView, signersBlocks } from '../views/admin.js';
import { helpMessage, LIST_MAX, listMessage, showMessage, verifyMessage } from '../views/commands.js';
import { startView } from '../views/wizard.js';
import { currentImportView } from './import.js';
import { noRoleText, recordFor } from './record.js';
import { unlinkedAnswer } from './setup.js';

const VERBS = new Set(['new', 'list', 'record', 'show', 'party', 'signers', 'verify', 'settings', 'import']);
/** Help, or (after a word that is not a command) help that first says the word is not one; the account's vendor's. */
const helpAnswer = (l: Locale, version: string, vendor: Vendor, unknown?: string) => ({
  response_type: 'ephemeral' as const,
  text: unknown ? t('unknownCommand', l, { verb: escapeMrkdwn(unknown.slice(0, 40)) }) : t('helpTitle', l),
  blocks: helpMessage(l, version, vendor, unknown),
});
/** The first word typed, when it is no command: '' and help are asking for help. */
const unknownVerb = (text: string): string | undefined => {
  const verb = text.trim().split(/\s+/)[0] ?? '';
  return verb && verb.toLowerCase() !== 'help' && !VERBS.has(verb.toLowerCase()) ? verb : undefined;
};

export function registerCommands(app: CommandRouter, deps: SlackDeps): void {
  app.command('/contract', async ({ command, ack, respond, client }) => {
    // Help (also the answer to text we do not know) reads the same for everyone of a vendor in a language: once the
    // workspace and the person's language are known, it goes back in the acknowledgement itself, with no second request.
    if (!VERBS.has((command.text.trim().split(/\s+/)[0] ?? '').toLowerCase())) {
      const cached = cachedAccount(deps, command.team_id);
      const known = cached && deps.locales.peek(command.team_id, command.user_id);
      if (cached && known) return ack(helpAnswer(known, deps.appVersion ?? '', cached.vendor, unknownVerb(command.text)));
    }
    await ack();
    const account = await accountForTeam(deps, command.team_id);
    const l = await localeOf(deps, client, account, command.user_id, command.team_id);
    // R17: a workspace without an account answers every command with the way forward for this person.
    if (!account) {
      await respond(await unlinkedAnswer(deps, client, command.team_id, command.user_id, l));
      return;
    }
    const [verb = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const refused = { l, log: deps.log, tell: (text: string) => respond({ response_type: 'ephemeral', text }) };
    const open = (view: View) => showView('views.open', () => client.views.open({ trigger_id: command.trigger_id, view }), refused);
    const arg = rest.join(' ');
    switch (verb.toLowerCase()) {
      case 'new':
        await open(startView(l, account.vendor, deps.templateUrl));
        return;
      case 'list': {
        const mine = await listContracts(deps.ctx.db, account.id, { requesterId: command.user_id, limit: LIST_MAX });
        const total = mine.length < LIST_MAX ? mine.length : await countOwn(deps.ctx.db, account.id, command.user_id);
        await respond({
          response_type: 'ephemeral',
          text: t('listTitle', l),
          blocks: listMessage(
            mine,
            l,
            total - mine.length,
            { policy: approvalPolicyOf(account) },
            await itemRefsOf(
              deps.ctx.db,
              mine.filter((c) => c.kind === 'filing').map((c) => c.id),
            ),
          ),
        });
        return;
      }
      case 'record': {
        const view = await recordFor(deps, client, account, command.user_id, l, { page: 0 });
        if (!view) await respond({ response_type: 'ephemeral', text: noRoleText(l) });
        else await open(view);
        return;
      }
      case 'show': {
        const c = arg ? await getContractByNumber(deps.ctx.db, account.id, arg) : null;
        if (!c) {
          await respond({ response_type: 'ephemeral', text: arg ? t('notFound', l, { number: escapeMrkdwn(arg) }) : t('showUsage', l) });
          return;
        }
        const trail = await auditTrail(deps.ctx.db, c.id);
        const people = { names: await peopleNames(deps.ctx.db, account.id), timeZone: account.timeZone };
        const blocks = showMessage({ contract: c, items: await itemsOf(deps.ctx.db, c.id) }, trail, l, c.requesterId === command.user_id, people, {
          policy: approvalPolicyOf(account),
        });
        await respond({ response_type: 'ephemeral', text: c.number, blocks: blocks });
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
        await respond({
          response_type: 'ephemeral',
          text: t('signersTitle', l),
          blocks: signersBlocks(l, account.subjectType === 'personal', list, account.vendor),
        });
        return;
      }
      case 'verify': {
        if (!arg.trim()) {
          await respond({ response_type: 'ephemeral', text: t('verifyUsage', l) });
          return;
        }
        const found = await findDocument(deps.ctx, account.id, arg);
        await respond({ response_type: 'ephemeral', text: verifyMessage(found, arg, l, account.timeZone) });
        return;
      }
      case 'settings': {
        const roles = await rolesOf(deps.ctx.db, account.id, command.user_id);
        if (!roles.isAdmin) {
          await respond({ response_type: 'ephemeral', text: t('adminsOnly', l) });
          return;
        }
        const db = deps.ctx.db;
        const holders = {
          admins: await membersWith(db, account.id, 'isAdmin'),
          approvers: await membersWith(db, account.id, 'isApprover'),
          esignAdmins: await membersWith(db, account.id, 'isEsignAdmin'),
        };
        await open(settingsView(l, account, holders));
        return;
      }
      case 'import': {
        // The same modal as Home's Import button, for admins.
        const roles = await rolesOf(deps.ctx.db, account.id, command.user_id);
        if (!roles.isAdmin) {
          await respond({ response_type: 'ephemeral', text: t('importAdminsOnly', l) });
          return;
        }
        await open(await currentImportView(deps, l, account));
        return;
      }
      default:
        await respond(helpAnswer(l, deps.appVersion ?? '', account.vendor, unknownVerb(command.text)));
    }
  });
}
