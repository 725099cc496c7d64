// Block Kit and mrkdwn as HTML for the sandbox page: pure functions, so what a person sees is testable without a
// browser. Interactive elements carry data-* attributes the page's script turns into control-API calls.
type Json = Record<string, unknown>;

export interface RenderContext {
  /** Display names of the workspace's people, for <@U…> mentions and user pickers. */
  users: { id: string; name: string }[];
  /** Channels a conversations_select offers and <#C…> resolves. */
  channels: { id: string; name: string }[];
  /** The Slack locale of whoever looks (zh-CN, en-US): Slack's client says its own words, such as "optional", in it. */
  locale?: string;
}

/** What Slack's client adds beside an optional input's label, in the client's language. */
const optionalWords = (ctx: RenderContext) => (ctx.locale?.toLowerCase().startsWith('zh') ? '（可选）' : '(optional)');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Slack escapes &, < and > in message text; undo that before escaping for HTML, or "&amp;" shows literally. */
function unSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const nameOf = (ctx: RenderContext, id: string) => ctx.users.find((u) => u.id === id)?.name ?? id;
const channelName = (ctx: RenderContext, id: string) => ctx.channels.find((c) => c.id === id)?.name ?? id;

/** One <…> token of Slack's mrkdwn: a link, a mention, a channel or a special mention. */
function token(inner: string, ctx: RenderContext): string {
  const [target = '', label] = inner.split('|', 2);
  if (target.startsWith('@')) return `<span class="mention">@${esc(nameOf(ctx, target.slice(1)))}</span>`;
  if (target.startsWith('#')) return `<span class="mention">#${esc(label ?? channelName(ctx, target.slice(1)))}</span>`;
  if (target.startsWith('!')) return `<span class="mention">@${esc(target.slice(1).split('^')[0])}</span>`;
  const href = /^(https?:|mailto:|\/)/.test(target) ? target : '#';
  return `<a href="${esc(unSlack(href))}" target="_blank" rel="noopener">${esc(unSlack(label ?? target))}</a>`;
}

/**
 * Slack's mrkdwn: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes, <links|labels>, <@mentions>,
 * line breaks. Links and code are set aside first so their contents are never read as formatting.
 */
export function mrkdwn(text: string, ctx: RenderContext): string {
  const held: string[] = [];
  // Placeholders use private-use characters, which neither Slack text nor the formatting rules below contain.
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  let s = text
    .replace(/```([\s\S]*?)```/g, (_, code: string) => hold(`<pre>${esc(unSlack(code))}</pre>`))
    .replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${esc(unSlack(code))}</code>`))
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(token(inner, ctx)));
  s = esc(unSlack(s))
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/(^|[^\p{L}\p{N}_])_([^_\n]+)_(?![\p{L}\p{N}_])/gu, '$1<i>$2</i>')
    .replace(/(^|[^\p{L}\p{N}~])~([^~\n]+)~(?![\p{L}\p{N}~])/gu, '$1<s>$2</s>')
    .replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>')
    .replace(/\n/g, '<br>');
  return s.replace(/\uE000(\d+)\uE001/g, (_, i: string) => held[Number(i)]!);
}

/** A text object: mrkdwn or plain_text (emoji shortcodes are left as typed). */
export function textObject(t: unknown, ctx: RenderContext): string {
  if (!t || typeof t !== 'object') return '';
  const o = t as Json;
  return o.type === 'mrkdwn' ? mrkdwn(String(o.text ?? ''), ctx) : esc(o.text).replace(/\n/g, '<br>');
}

const plainOf = (t: unknown) => (t && typeof t === 'object' ? String((t as Json).text ?? '') : '');

function attrs(a: Record<string, string | number | boolean | undefined | null>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${esc(v)}"`))
    .join('');
}

function confirmAttr(confirm: unknown): string | undefined {
  if (!confirm || typeof confirm !== 'object') return undefined;
  const c = confirm as Json;
  return JSON.stringify({
    title: plainOf(c.title),
    text: plainOf(c.text),
    confirm: plainOf(c.confirm) || 'OK',
    deny: plainOf(c.deny) || 'Cancel',
    style: c.style ?? null,
  });
}

function option(o: Json, selected: (v: string) => boolean): string {
  const v = String(o.value ?? '');
  return `<option${attrs({ value: v, selected: selected(v) })}>${esc(plainOf(o.text))}</option>`;
}

function optionList(el: Json, selected: (v: string) => boolean): string {
  const groups = el.option_groups as { label: unknown; options: Json[] }[] | undefined;
  if (groups) return groups.map((g) => `<optgroup label="${esc(plainOf(g.label))}">${g.options.map((o) => option(o, selected)).join('')}</optgroup>`).join('');
  return ((el.options as Json[] | undefined) ?? []).map((o) => option(o, selected)).join('');
}

/** A button, select or picker outside an input block: acting on it sends block_actions at once, as in Slack. */
function interactive(el: Json, blockId: string): string {
  const base = { 'data-action-id': String(el.action_id ?? ''), 'data-block-id': blockId };
  switch (el.type) {
    case 'button': {
      const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
      // type="button": inside a modal (a form on the page) a button acts on its own, never submits the modal.
      return `<button${attrs({ type: 'button', class: `bk-btn${style}`, 'data-act': 'click', ...base, 'data-value': el.value as string | undefined, 'data-url': el.url as string | undefined, 'data-confirm': confirmAttr(el.confirm) })}>${esc(plainOf(el.text))}</button>`;
    }
    case 'static_select': {
      const initial = (el.initial_option as Json | undefined)?.value;
      return `<select${attrs({ class: 'bk-select', 'data-act': 'select', ...base, 'data-confirm': confirmAttr(el.confirm) })}><option value="" disabled${initial ? '' : ' selected'}>${esc(plainOf(el.placeholder) || 'Select…')}</option>${optionList(el, (v) => v === initial)}</select>`;
    }
    case 'overflow':
      return `<select${attrs({ class: 'bk-select overflow', 'data-act': 'select', ...base })}><option value="" selected disabled>⋯</option>${optionList(el, () => false)}</select>`;
    case 'image':
      return `<img class="bk-thumb" src="${esc(el.image_url)}" alt="${esc(el.alt_text)}">`;
    default:
      // Anything else outside a modal is shown by name, so a new element type is visible rather than silently dropped.
      return `<span class="bk-unsupported">[${esc(el.type)}]</span>`;
  }
}

/** The editable element of an input block; the page reads its value on submit by data-input / data-action-id. */
function inputElement(el: Json, blockId: string, ctx: RenderContext): string {
  const actionId = String(el.action_id ?? '');
  const base = { 'data-input': String(el.type), 'data-action-id': actionId, 'data-block-id': blockId, name: actionId };
  const placeholder = plainOf(el.placeholder) || undefined;
  switch (el.type) {
    case 'plain_text_input':
      return el.multiline
        ? `<textarea${attrs({ class: 'bk-text', ...base, placeholder, maxlength: el.max_length as number | undefined, rows: 4 })}>${esc(el.initial_value)}</textarea>`
        : `<input${attrs({ class: 'bk-text', type: 'text', ...base, placeholder, maxlength: el.max_length as number | undefined, value: el.initial_value as string | undefined })}>`;
    case 'email_text_input':
    case 'number_input':
      return `<input${attrs({ class: 'bk-text', type: el.type === 'number_input' ? 'number' : 'email', ...base, placeholder, value: el.initial_value as string | undefined })}>`;
    case 'datepicker':
      return `<input${attrs({ class: 'bk-text', type: 'date', ...base, value: el.initial_date as string | undefined })}>`;
    case 'file_input': {
      // The page sends the picked file to the control API (attach) at once, as Slack's client uploads it on pick.
      const accept = ((el.filetypes as string[] | undefined) ?? []).map((t) => `.${t}`).join(',') || undefined;
      return `<input${attrs({ class: 'bk-file', type: 'file', ...base, accept })}>`;
    }
    case 'static_select': {
      const initial = (el.initial_option as Json | undefined)?.value;
      return `<select${attrs({ class: 'bk-select', ...base })}><option value=""${initial ? '' : ' selected'}>${esc(placeholder ?? 'Select…')}</option>${optionList(el, (v) => v === initial)}</select>`;
    }
    case 'multi_static_select': {
      const initial = new Set(((el.initial_options as Json[] | undefined) ?? []).map((o) => String(o.value)));
      return `<select multiple${attrs({ class: 'bk-select multi', ...base })}>${optionList(el, (v) => initial.has(v))}</select>`;
    }
    case 'external_select':
    case 'multi_external_select': {
      const initial = (el.type === 'external_select' ? [el.initial_option].filter(Boolean) : ((el.initial_options as Json[] | undefined) ?? [])) as Json[];
      const chips = initial.map((o) => chip(String(o.value), plainOf(o.text))).join('');
      return `<div${attrs({ class: 'bk-ext', ...base, 'data-multi': el.type === 'multi_external_select', 'data-min': Number(el.min_query_length ?? 3), 'data-max': el.max_selected_items as number | undefined })}><div class="chips">${chips}</div><input class="ext-query" type="text" autocomplete="off"${attrs({ placeholder: placeholder ?? 'Type to search…' })}><ul class="ext-menu" hidden></ul></div>`;
    }
    case 'users_select':
    case 'multi_users_select': {
      const multi = el.type === 'multi_users_select';
      const initial = new Set(multi ? ((el.initial_users as string[] | undefined) ?? []) : [el.initial_user as string].filter(Boolean));
      const opts = ctx.users.map((u) => `<option${attrs({ value: u.id, selected: initial.has(u.id) })}>${esc(u.name)}</option>`).join('');
      return `<select${attrs({ class: `bk-select${multi ? ' multi' : ''}`, multiple: multi, ...base })}>${multi ? '' : `<option value="">${esc(placeholder ?? 'Select a person…')}</option>`}${opts}</select>`;
    }
    case 'conversations_select':
    case 'channels_select': {
      const initial = (el.initial_conversation ?? el.initial_channel) as string | undefined;
      const opts = ctx.channels.map((c) => `<option${attrs({ value: c.id, selected: c.id === initial })}>#${esc(c.name)}</option>`).join('');
      return `<select${attrs({ class: 'bk-select', ...base })}><option value="">${esc(placeholder ?? 'Select a channel…')}</option>${opts}</select>`;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const radio = el.type === 'radio_buttons';
      const initial = new Set(
        radio
          ? [(el.initial_option as Json | undefined)?.value].filter(Boolean).map(String)
          : ((el.initial_options as Json[] | undefined) ?? []).map((o) => String(o.value)),
      );
      const name = `${blockId}.${actionId}`;
      const items = ((el.options as Json[] | undefined) ?? []).map((o) => {
        const v = String(o.value);
        const desc = o.description ? `<div class="bk-desc">${textObject(o.description, ctx)}</div>` : '';
        return `<label class="bk-choice"><input${attrs({ type: radio ? 'radio' : 'checkbox', name, value: v, checked: initial.has(v) })}><span>${textObject(o.text, ctx)}${desc}</span></label>`;
      });
      return `<div${attrs({ class: 'bk-choices', ...base })}>${items.join('')}</div>`;
    }
    default:
      return `<span class="bk-unsupported">[${esc(el.type)}]</span>`;
  }
}

export function chip(value: string, text: string): string {
  return `<span class="chip" data-value="${esc(value)}" data-text="${esc(text)}">${esc(text)}<button type="button" class="chip-x" title="Remove">×</button></span>`;
}

/** One block. `errors` are the app's inline errors for this view, by block_id. */
export function block(b: Json, ctx: RenderContext, errors: Record<string, string> = {}): string {
  const blockId = String(b.block_id ?? '');
  const wrap = (cls: string, inner: string) => `<div class="bk ${cls}"${attrs({ 'data-block-id': blockId || undefined })}>${inner}</div>`;
  switch (b.type) {
    case 'header':
      return wrap('bk-header', esc(plainOf(b.text)));
    case 'divider':
      return '<hr class="bk bk-divider">';
    case 'section': {
      const text = b.text ? `<div class="bk-text-body">${textObject(b.text, ctx)}</div>` : '';
      const fields = b.fields ? `<div class="bk-fields">${(b.fields as unknown[]).map((f) => `<div>${textObject(f, ctx)}</div>`).join('')}</div>` : '';
      const acc = b.accessory ? `<div class="bk-accessory">${interactive(b.accessory as Json, blockId)}</div>` : '';
      return wrap('bk-section', `<div class="bk-main">${text}${fields}</div>${acc}`);
    }
    case 'context':
      return wrap(
        'bk-context',
        ((b.elements as Json[] | undefined) ?? [])
          .map((e) => (e.type === 'image' ? `<img src="${esc(e.image_url)}" alt="${esc(e.alt_text)}">` : `<span>${textObject(e, ctx)}</span>`))
          .join(' '),
      );
    case 'actions':
      return wrap('bk-actions', ((b.elements as Json[] | undefined) ?? []).map((e) => interactive(e, blockId)).join(''));
    case 'image':
      return wrap('bk-image', `<img src="${esc(b.image_url)}" alt="${esc(b.alt_text)}">`);
    case 'input': {
      const optional = b.optional ? ` <span class="bk-optional">${esc(optionalWords(ctx))}</span>` : '';
      const hint = b.hint ? `<div class="bk-hint">${textObject(b.hint, ctx)}</div>` : '';
      const error = errors[blockId] ? `<div class="bk-error" role="alert">${esc(errors[blockId])}</div>` : '<div class="bk-error" role="alert" hidden></div>';
      return wrap(
        `bk-input${errors[blockId] ? ' has-error' : ''}`,
        `<label class="bk-label">${esc(plainOf(b.label))}${optional}</label>${inputElement(b.element as Json, blockId, ctx)}${hint}${error}`,
      );
    }
    default:
      return wrap('bk-unsupported', `[${esc(b.type)} block]`);
  }
}

export function blocks(list: unknown, ctx: RenderContext, errors: Record<string, string> = {}): string {
  return Array.isArray(list) ? list.map((b) => block(b as Json, ctx, errors)).join('') : '';
}

export interface RenderedMessage {
  ts: string;
  text: string;
  blocks?: Json[];
  user?: string;
  at?: number;
  edits?: number;
  files?: { name: string; url: string }[];
}

const BOT_NAME = 'contract-desk';

function timeOf(at: number | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * A message as Slack lays it out: author, time, its blocks (or its text when it has none), files, and the thread
 * summary when it has replies. `surface` tells the page where a click on its buttons comes from.
 */
export function message(
  m: RenderedMessage,
  ctx: RenderContext,
  opts: { surface: string; replies?: number; lastReplyAt?: number; ephemeral?: boolean },
): string {
  const author = m.user ? esc(nameOf(ctx, m.user)) : `${BOT_NAME} <span class="app-badge">APP</span>`;
  const body = m.blocks?.length ? blocks(m.blocks, ctx) : `<div class="bk-text-body">${mrkdwn(m.text, ctx)}</div>`;
  const files = (m.files ?? []).map((f) => `<a class="file" href="${esc(f.url)}" target="_blank" rel="noopener">📄 ${esc(f.name)}</a>`).join('');
  const edited = m.edits ? ' <span class="edited">(edited)</span>' : '';
  const thread = opts.replies
    ? `<button class="thread-link" data-open-thread="${esc(m.ts)}">${opts.replies} ${opts.replies === 1 ? 'reply' : 'replies'}${opts.lastReplyAt ? ` <span class="muted">Last reply ${timeOf(opts.lastReplyAt)}</span>` : ''}</button>`
    : '';
  const only = opts.ephemeral ? '<div class="only-you">👁 Only visible to you · 仅你可见</div>' : '';
  const avatar = m.user ? `<div class="avatar user">${esc(nameOf(ctx, m.user).slice(0, 1))}</div>` : '<div class="avatar bot">📑</div>';
  return `<div${attrs({ class: `msg${opts.ephemeral ? ' ephemeral' : ''}`, 'data-ts': m.ts, 'data-surface': opts.surface })}>${avatar}<div class="msg-body">${only}<div class="msg-head"><span class="author">${author}</span> <span class="time">${timeOf(m.at)}</span>${edited}</div>${body}${files}${thread}</div></div>`;
}

/** The top modal of a user's stack: title, blocks with inline errors, Close (or Back) and Submit. */
export function modal(v: { id: string; hash: string; view: Json; errors?: Record<string, string> }, ctx: RenderContext, depth: number): string {
  const view = v.view;
  const close = plainOf(view.close) || (depth > 1 ? 'Back' : 'Close');
  const submit = view.submit ? `<button type="submit" class="bk-btn primary" data-modal-submit>${esc(plainOf(view.submit))}</button>` : '';
  return `<form class="modal" data-view-id="${esc(v.id)}" data-view-key="${esc(`${v.id}:${v.hash}`)}" novalidate><div class="modal-head"><h2>${esc(plainOf(view.title))}</h2><button type="button" class="modal-x" data-modal-close title="Close">×</button></div><div class="modal-body" data-surface="view:${esc(v.id)}">${blocks(view.blocks, ctx, v.errors ?? {})}</div><div class="modal-foot"><button type="button" class="bk-btn" data-modal-${depth > 1 ? 'back' : 'close'}>${esc(close)}</button>${submit}</div></form>`;
}
