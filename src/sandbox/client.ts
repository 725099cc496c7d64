// A typed client for the sandbox's control API, for scripts and tests: everything the page can do, over HTTP only.
type Json = Record<string, unknown>;

export interface SandboxMessage {
  ts: string;
  text: string;
  blocks: Json[] | null;
  user: string | null;
  files: { name: string; url: string }[];
  edits: number;
  threadTs: string | null;
  replyCount: number;
}

export interface SandboxView {
  id: string;
  hash: string;
  view: Json & { title?: { text: string }; blocks?: Json[]; callback_id?: string };
  errors: Record<string, string> | null;
}

export interface SandboxEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: Json[];
  ts?: string;
  threadTs?: string;
}

export interface Answer {
  ok: boolean;
  status?: number;
  error?: string;
  errors?: Record<string, string>;
}

interface Workspace {
  name: string;
  teamId: string;
  workspaces: { teamId: string; name: string }[];
  users: { id: string; name: string; role: string }[];
  channels: { id: string; name: string; dm?: string }[];
}

export class SandboxClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/sandbox/api/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T & { error?: string };
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${json.error ?? ''}`);
    return json;
  }

  workspace() {
    return this.call<Workspace>('GET', 'workspace');
  }

  /** Speaks as another of the sandbox's workspaces (one account each: the Tencent and the QingCloud one). */
  switchWorkspace(teamId: string) {
    return this.call<Workspace>('POST', 'workspace', { teamId });
  }

  /** Types a slash command, e.g. "/contract new", in a channel (default: the user's DM with the app). */
  command(user: string, text: string, channel?: string) {
    return this.call<Answer>('POST', 'command', { user, text, ...(channel ? { channel } : {}) });
  }

  message(user: string, channel: string, text: string, threadTs?: string) {
    return this.call<Answer & { ts: string }>('POST', 'message', { user, channel, text, ...(threadTs ? { threadTs } : {}) });
  }

  /** Clicks a button or picks an option. surface: "home", "view:<id>", "message:<channel>:<ts>" or "ephemeral:<channel>:<ts>". */
  action(user: string, surface: string, action: { actionId: string; blockId?: string; value?: string; selectedOption?: string }) {
    return this.call<Answer>('POST', 'action', { user, surface, ...action });
  }

  /** Types into an external select of the open modal: the app's options. */
  async suggest(user: string, actionId: string, value = '') {
    return (await this.call<{ options: { text: string; value: string; group?: string; description?: string }[] }>('POST', 'suggest', { user, actionId, value }))
      .options;
  }

  /** Picks a file in the open modal's file input (Slack's client checks apply); the next submit carries it. */
  attach(user: string, actionId: string, name: string, bytes: Uint8Array) {
    return this.call<{ ok: boolean; file: Json }>('POST', 'attach', { user, actionId, name, base64: Buffer.from(bytes).toString('base64') });
  }

  /** Submits the open modal; values by action_id (string, string[] for multi-selects; omitted keep their initial value). */
  submit(user: string, values: Record<string, string | string[] | null> = {}) {
    return this.call<Answer>('POST', 'submit', { user, values });
  }

  close(user: string) {
    return this.call<Answer>('POST', 'close', { user });
  }

  /** Opens the App Home tab (Slack's app_home_opened); read it with home(). */
  openHome(user: string) {
    return this.call<Answer>('POST', 'home', { user });
  }

  async home(user: string) {
    return (await this.call<{ view: (Json & { blocks: Json[] }) | null }>('GET', `users/${user}/home`)).view;
  }

  async views(user: string) {
    return (await this.call<{ stack: SandboxView[] }>('GET', `users/${user}/views`)).stack;
  }

  channel(channel: string, user?: string) {
    return this.call<{ messages: SandboxMessage[]; ephemerals: SandboxEphemeral[] }>('GET', `channels/${channel}${user ? `?user=${user}` : ''}`);
  }

  thread(channel: string, ts: string, user?: string) {
    return this.call<{ root: SandboxMessage; replies: SandboxMessage[]; ephemerals: SandboxEphemeral[] }>(
      'GET',
      `channels/${channel}/threads/${ts}${user ? `?user=${user}` : ''}`,
    );
  }

  async ephemerals(user: string) {
    return (await this.call<{ ephemerals: SandboxEphemeral[] }>('GET', `users/${user}/ephemerals`)).ephemerals;
  }
}

/** Every button in a list of blocks, with the block it sits in: what a script clicks. */
export function buttonsIn(blocks: Json[] | null | undefined): { actionId: string; blockId?: string; value?: string; text: string; url?: string }[] {
  const out: { actionId: string; blockId?: string; value?: string; text: string; url?: string }[] = [];
  for (const b of blocks ?? []) {
    const els = [...((b.elements as Json[] | undefined) ?? []), ...(b.accessory ? [b.accessory as Json] : [])];
    for (const e of els) {
      if (e.type !== 'button') continue;
      out.push({
        actionId: String(e.action_id),
        text: String((e.text as Json | undefined)?.text ?? ''),
        ...(b.block_id ? { blockId: String(b.block_id) } : {}),
        ...(e.value !== undefined ? { value: String(e.value) } : {}),
        ...(e.url ? { url: String(e.url) } : {}),
      });
    }
  }
  return out;
}
