// What every button's listener starts with: the person's account and language, the button's value (a contract ref
// or a signer id), and the ways to answer the click (a message only they see, or a modal on its trigger).
import type { BlockAction, RespondFn } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Messages } from '../../domain/errors.js';
import * as svc from '../../services/index.js';
import { accountAndLocale, answerOnHome, isHomeClick, type SlackDeps, tellClicker, userActor } from '../context.js';
import { showView } from '../view-refused.js';
import { parseContractRef } from '../views/blocks.js';

export async function clickContext(deps: SlackDeps, body: BlockAction, client: WebClient, respond?: RespondFn) {
  const { account, l } = await accountAndLocale(deps, client, body);
  // Every action routed here is a button; only a button carries a value (a contract ref or a signer id).
  const clicked = body.actions[0];
  const action = { action_id: clicked?.action_id ?? '', value: clicked?.type === 'button' ? clicked.value : undefined };
  const channel = body.channel?.id;
  // Every click gets an answer. When Slack cannot take it now (an outage), it is queued in the outbox and arrives
  // as a DM once Slack is back, with the person's Home republished; the change itself is already committed.
  const tell = async (text: string, inBoth?: Messages): Promise<void> => {
    if (account && isHomeClick(body)) await answerOnHome(deps, client, account, body.user.id, text);
    try {
      await tellClicker(client, body.user.id, text, channel, respond);
    } catch (e) {
      if (!account) throw e;
      deps.log.warn({ err: e, user: body.user.id }, 'answer queued: Slack did not take it');
      await svc.queueClickAnswer(deps.ctx, account.id, body.user.id, inBoth ?? { zh: text, en: text });
    }
  };
  // Opens a modal on this click's trigger; if Slack refuses it or cannot be reached, the person is told instead.
  const open = (view: View) => showView('views.open', () => client.views.open({ trigger_id: body.trigger_id, view }), { l, log: deps.log, tell });
  return { account, l, action, ref: parseContractRef(action.value), channel, tell, open, actor: account ? userActor(account, body.user.id) : null };
}
