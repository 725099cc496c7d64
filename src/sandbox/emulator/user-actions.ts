// What a person does in Slack, sent to the app as Slack would: commands, clicks, type-ahead, modal submits and closes,
// opening the Home tab. Each payload carries a fresh trigger_id where Slack gives one.
import { messageRefusal, slackMessage, suggestionProblems } from '../limits.js';
import type { AppLink } from './app-link.js';
import type { FileInputs } from './file-input.js';
import { buildState, emptyRequired, findBlockId, requiredWords } from './form-state.js';
import type { Ledger } from './ledger.js';
import { respond, responseUrl } from './response-url.js';
import { APP_ID, type AppResponse, type EmuMessage, type EmuView, type Host, type Json, newId, type TeamInfo } from './types.js';
import type { ViewState } from './views.js';
import { userJson } from './web-api.js';
import type { Workspace } from './workspace.js';

const plainText = (text: string) => ({ type: 'plain_text', text });

/** An option the app offered in a type-ahead, as a person sees it (the description is where a refusal's reason shows). */
export interface SuggestedOption {
  text: string;
  value: string;
  group?: string;
  description?: string;
}

export type Surface = { message: EmuMessage } | { home: true } | { view: EmuView };

/** People act in their own workspace: every payload names it (and its organisation, in an Enterprise Grid). */
export class UserActions {
  constructor(
    private readonly host: Host,
    private readonly team: TeamInfo,
    private readonly ws: Workspace,
    private readonly views: ViewState,
    private readonly ledger: Ledger,
    private readonly link: AppLink,
    private readonly files?: FileInputs,
  ) {}

  async command(userId: string, text: string, opts: { command?: string; channel?: string }): Promise<AppResponse> {
    const channel = opts.channel ?? this.ws.dmChannel(userId);
    const r = await this.link.send('slash_commands', {
      token: 'legacy',
      team_id: this.team.id,
      team_domain: this.team.domain,
      ...(this.team.enterpriseId ? { enterprise_id: this.team.enterpriseId, enterprise_name: this.team.enterpriseName ?? '' } : {}),
      channel_id: channel,
      channel_name: channel,
      user_id: userId,
      user_name: this.ws.users.get(userId)?.name ?? userId,
      command: opts.command ?? '/contract',
      text,
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      response_url: responseUrl(this.host.url, this.team.id, channel, userId),
      trigger_id: this.views.issueTrigger(userId),
    });
    // A message in the answer (HTTP body or ack payload) is shown at once, as if posted to the response_url.
    // Slack checks an answer's blocks as it checks a message's.
    if (r.json && (r.json.text !== undefined || r.json.blocks !== undefined)) {
      const refusal = messageRefusal(r.json);
      if (refusal) this.ledger.violations.push({ method: 'slash_command_response', problems: refusal.messages });
      else respond(this.ws, channel, userId, r.json);
    }
    return r;
  }

  clickAction(userId: string, where: Surface, action: { actionId: string; value?: string; blockId?: string; selectedOption?: string }): Promise<AppResponse> {
    const act: Json = {
      action_id: action.actionId,
      block_id: action.blockId ?? findBlockId(this.surfaceBlocks(userId, where), action.actionId) ?? 'b',
      type: action.selectedOption !== undefined ? 'static_select' : 'button',
      action_ts: String(Date.now() / 1000),
      ...(action.value !== undefined ? { value: action.value } : {}),
      ...(action.selectedOption !== undefined ? { selected_option: { value: action.selectedOption, text: plainText(action.selectedOption) } } : {}),
    };
    const base: Json = {
      type: 'block_actions',
      user: this.userRef(userId),
      ...this.teamRefs(),
      api_app_id: APP_ID,
      trigger_id: this.views.issueTrigger(userId),
      actions: [act],
      token: 'legacy',
    };
    if ('message' in where) {
      const m = where.message;
      const message = { ts: m.ts, text: m.text, blocks: m.blocks, ...(m.threadTs ? { thread_ts: m.threadTs } : {}) };
      const container = { type: 'message', message_ts: m.ts, channel_id: m.channel };
      return this.interactive({
        ...base,
        container,
        channel: { id: m.channel },
        message,
        response_url: responseUrl(this.host.url, this.team.id, m.channel, userId),
      });
    }
    if ('home' in where) {
      const home = this.views.homes.get(userId);
      return this.interactive({ ...base, container: { type: 'view', view_id: 'VHOME' }, view: { ...home, id: 'VHOME', type: 'home', state: { values: {} } } });
    }
    const v = where.view;
    return this.interactive({ ...base, container: { type: 'view', view_id: v.id }, view: { ...this.views.json(v), state: { values: {} } } });
  }

  async suggest(userId: string, actionId: string, value: string): Promise<SuggestedOption[]> {
    const v = this.views.openView(userId);
    const blockId = v ? findBlockId(v.view.blocks as Json[], actionId) : undefined;
    const where = v ? { view: this.views.json(v), container: { type: 'view', view_id: v.id } } : {};
    const user = this.userRef(userId);
    const asked = { action_id: actionId, block_id: blockId ?? 'b', value };
    const r = await this.interactive({ type: 'block_suggestion', user, ...this.teamRefs(), api_app_id: APP_ID, ...asked, ...where });
    if (r.status !== 200) throw new Error(`the app refused the suggestion request: ${r.status} ${r.body.slice(0, 200)}`);
    const json = r.json ?? {};
    // Slack shows no options at all when an answer breaks the option limits; the test run hears of it as a violation.
    const problems = suggestionProblems(json).map(slackMessage);
    if (problems.length) this.ledger.violations.push({ method: 'block_suggestion', problems });
    const one = (o: Json, group?: string): SuggestedOption => {
      const description = (o.description as Json | undefined)?.text;
      return {
        text: String((o.text as Json).text),
        value: String(o.value),
        ...(group ? { group } : {}),
        ...(description ? { description: String(description) } : {}),
      };
    };
    const groups = (json.option_groups as { label: Json; options: Json[] }[] | undefined) ?? [];
    const grouped = groups.flatMap((g) => g.options.map((o) => one(o, String(g.label?.text ?? ''))));
    return [...((json.options as Json[] | undefined) ?? []).map((o) => one(o)), ...grouped];
  }

  /** `notSent`: Slack's client refused it (a required field empty) and the app heard nothing; status is then 0. */
  async submitView(
    userId: string,
    values: Record<string, string | string[] | undefined>,
  ): Promise<AppResponse & { errors?: Record<string, string>; notSent?: boolean }> {
    const v = this.views.openView(userId);
    if (!v) throw new Error(`no open view for ${userId}`);
    // Slack's client has no way to submit a modal without a submit button.
    if (!v.view.submit) throw new Error('this modal has no submit button: Slack offers no way to submit it');
    const attached = (actionId: string) => this.files?.stateOf(v, actionId) ?? [];
    const state = buildState(v.view.blocks as Json[], values, attached);
    // Nor does it send one with a required field empty (a file input included): it says so under each field.
    const empty = emptyRequired(v.view.blocks as Json[], state);
    if (empty.length) {
      const words = requiredWords(this.ws.users.get(userId)?.locale);
      const errors = Object.fromEntries(empty.map((blockId) => [blockId, words]));
      this.views.showClientErrors(userId, v, errors);
      return { status: 0, body: '', errors, notSent: true };
    }
    const r = await this.submission(userId, { ...this.views.json(v), state: { values: state } });
    const shown = this.views.afterSubmit(userId, v, r.json);
    return shown ? { ...r, ...shown } : r;
  }

  submitCrafted(userId: string, view: Json): Promise<AppResponse> {
    return this.submission(userId, { id: newId('V'), hash: newId('h'), team_id: this.team.id, ...view });
  }

  closeView(userId: string): Promise<AppResponse> | null {
    const top = this.views.close(userId);
    if (!top?.view.notify_on_close) return null;
    const user = this.userRef(userId);
    return this.interactive({ type: 'view_closed', ...this.teamRefs(), user, api_app_id: APP_ID, view: this.views.json(top), is_cleared: true });
  }

  openHome(userId: string): Promise<AppResponse> {
    const event = { type: 'app_home_opened', user: userId, channel: this.ws.dmChannel(userId), tab: 'home', event_ts: String(Date.now() / 1000) };
    return this.event(event);
  }

  /** An Events API delivery of this workspace, wrapped as Slack wraps every event (`event_callback`, its authorizations). */
  event(event: Json): Promise<AppResponse> {
    const at = Math.floor(Date.now() / 1000);
    const enterprise = this.team.enterpriseId ?? null;
    const authorizations = [{ enterprise_id: enterprise, team_id: this.team.id, user_id: this.team.botUserId, is_bot: true, is_enterprise_install: false }];
    const envelope = {
      token: 'legacy',
      team_id: this.team.id,
      ...(enterprise ? { enterprise_id: enterprise } : {}),
      api_app_id: APP_ID,
      event,
      type: 'event_callback',
      event_id: newId('Ev'),
      event_time: at,
      authorizations,
      is_ext_shared_channel: false,
    };
    return this.link.send('events_api', envelope);
  }

  /** A member's data changed (deactivated, made admin…): Slack sends user_change with the whole user object. */
  userChange(userId: string): Promise<AppResponse> {
    const u = this.ws.users.get(userId);
    if (!u) throw new Error(`no user ${userId}`);
    const at = Math.floor(Date.now() / 1000);
    return this.event({ type: 'user_change', user: userJson(u, this.team.id, true), cache_ts: at, event_ts: String(Date.now() / 1000) });
  }

  private submission(userId: string, view: Json): Promise<AppResponse> {
    const [user, trigger] = [this.userRef(userId), this.views.issueTrigger(userId)];
    return this.interactive({ type: 'view_submission', ...this.teamRefs(), user, api_app_id: APP_ID, trigger_id: trigger, view });
  }

  /** `team` (and `enterprise`) as interactive payloads carry them. */
  private teamRefs(): Json {
    const t = this.team;
    const enterprise = t.enterpriseId ? { id: t.enterpriseId, name: t.enterpriseName ?? '' } : null;
    return {
      team: { id: t.id, domain: t.domain, ...(enterprise ? { enterprise_id: enterprise.id, enterprise_name: enterprise.name } : {}) },
      enterprise,
      is_enterprise_install: false,
    };
  }

  private interactive(payload: Json): Promise<AppResponse> {
    return this.link.send('interactive', payload);
  }

  private userRef(userId: string): Json {
    const name = this.ws.users.get(userId)?.name ?? userId;
    return { id: userId, username: name, name, team_id: this.team.id };
  }

  private surfaceBlocks(userId: string, where: Surface): Json[] {
    if ('message' in where) return where.message.blocks ?? [];
    if ('home' in where) return (this.views.homes.get(userId)?.blocks as Json[] | undefined) ?? [];
    return (where.view.view.blocks as Json[] | undefined) ?? [];
  }
}
