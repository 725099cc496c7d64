// The sandbox page: renders what the server sends for the person it acts as, and turns clicks and typing into
// control-API calls. The server renders Block Kit; this file only wires events and keeps typed input alive.
(() => {
  'use strict';
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
  const state = {
    user: null,
    channel: null,
    tab: 'messages', // or 'home' when the app is selected
    app: false,
    thread: null,
    modalKey: null,
    workspace: null,
    seen: {}, // user -> channel -> count seen, for unread badges
    busy: 0,
  };

  const params = new URLSearchParams(location.search);

  async function api(method, path, body) {
    state.busy += 1;
    try {
      const res = await fetch(`/sandbox/api/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
      if (!res.ok || json.ok === false) {
        if (!json.errors) toast(json.error || json.body || `The app answered ${json.status || res.status}`);
      }
      return json;
    } finally {
      state.busy -= 1;
    }
  }

  function toast(text) {
    const t = $('#toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (t.hidden = true), 4000);
  }

  function channelNow() {
    return state.app ? `D${state.user}` : state.channel;
  }

  function saveLocation() {
    const q = new URLSearchParams({ user: state.user, ...(state.app ? { app: state.tab } : { channel: state.channel }) });
    history.replaceState(null, '', `/?${q}`);
  }

  // ------------------------------------------------------------------ rendering

  let refreshTimer = null;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 60);
  }

  async function refresh() {
    const q = new URLSearchParams({ user: state.user, channel: channelNow(), tab: state.app && state.tab === 'home' ? 'home' : 'messages' });
    if (state.thread) q.set('thread', state.thread);
    const res = await fetch(`/sandbox/ui?${q}`);
    if (!res.ok) return;
    const ui = await res.json();
    $('#title').innerHTML = state.app ? 'contract-desk' : `# ${ui.title}`;
    const box = $('#messages');
    if (box.dataset.html !== ui.main) {
      const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
      box.innerHTML = ui.main;
      box.dataset.html = ui.main;
      if (atBottom || !box.dataset.scrolled) box.scrollTop = box.scrollHeight;
      box.dataset.scrolled = '1';
    }
    const pane = $('#thread');
    if (ui.thread) {
      pane.hidden = false;
      const body = $('#thread-body');
      if (body.dataset.html !== ui.thread) {
        body.innerHTML = ui.thread;
        body.dataset.html = ui.thread;
        body.scrollTop = body.scrollHeight;
      }
    } else {
      pane.hidden = true;
      state.thread = null;
    }
    renderModal(ui.modal);
    renderUnread(ui.counts);
    document.body.dataset.ready = '1';
  }

  function renderModal(m) {
    const layer = $('#modal-layer');
    if (!m) {
      layer.hidden = true;
      layer.innerHTML = '';
      state.modalKey = null;
      return;
    }
    // Same view and hash: keep the DOM so what the person typed survives; only the inline errors change.
    if (state.modalKey !== m.key) {
      layer.innerHTML = m.html;
      state.modalKey = m.key;
      const first = $('input, textarea, select', layer);
      if (first) first.focus();
    }
    layer.hidden = false;
    for (const b of $$('.bk-input', layer)) {
      const msg = m.errors[b.dataset.blockId];
      const el = $('.bk-error', b);
      el.textContent = msg || '';
      el.hidden = !msg;
      b.classList.toggle('has-error', Boolean(msg));
    }
  }

  function renderUnread(counts) {
    const seen = (state.seen[state.user] ||= {});
    const current = channelNow();
    for (const [id, n] of Object.entries(counts)) {
      // A person you switch to has not read their DMs yet (the approval request is news to them); channels start read.
      if (seen[id] === undefined) seen[id] = id.startsWith('D') ? 0 : n;
      if (id === current) seen[id] = n;
    }
    for (const item of $$('#channel-list .nav-item')) {
      const id = item.dataset.channel;
      item.classList.toggle('unread', counts[id] > seen[id]);
      item.classList.toggle('active', !state.app && id === state.channel);
    }
    const dm = `D${state.user}`;
    const badge = $('#nav-app .badge');
    const fresh = (counts[dm] || 0) - (seen[dm] || 0);
    badge.hidden = fresh <= 0;
    badge.textContent = String(fresh);
    $('#nav-app').classList.toggle('active', state.app);
    $('#nav-app').classList.toggle('unread', fresh > 0);
    $('#app-tabs').hidden = !state.app;
    for (const t of $$('#app-tabs .tab')) t.classList.toggle('active', t.dataset.tab === state.tab);
    $('#composer').hidden = state.app && state.tab === 'home';
  }

  // ------------------------------------------------------------------ navigation

  function selectChannel(id) {
    state.app = false;
    state.channel = id;
    state.thread = null;
    $('#messages').dataset.scrolled = '';
    saveLocation();
    refresh();
  }

  async function selectApp(tab) {
    state.app = true;
    state.tab = tab;
    state.thread = null;
    $('#messages').dataset.scrolled = '';
    saveLocation();
    // Slack sends app_home_opened every time the tab is shown; the app republishes it.
    if (tab === 'home') {
      await refresh();
      await api('POST', 'home', { user: state.user });
    }
    refresh();
  }

  function switchUser(id) {
    state.user = id;
    state.thread = null;
    state.modalKey = null;
    saveLocation();
    if (state.app && state.tab === 'home') selectApp('home');
    else refresh();
  }

  // ------------------------------------------------------------------ acting

  function surfaceOf(el) {
    const s = el.closest('[data-surface]');
    return s ? s.dataset.surface : null;
  }

  function askConfirm(spec) {
    return new Promise((resolve) => {
      const layer = $('#confirm-layer');
      const style = spec.style === 'danger' ? 'danger' : 'primary';
      layer.innerHTML = `<div class="modal confirm" role="dialog"><div class="modal-head"><h2></h2></div><div class="modal-body"><div class="confirm-text"></div></div><div class="modal-foot"><button type="button" class="bk-btn" data-deny></button><button type="button" class="bk-btn ${style}" data-ok></button></div></div>`;
      $('h2', layer).textContent = spec.title;
      $('.confirm-text', layer).textContent = spec.text;
      $('[data-deny]', layer).textContent = spec.deny;
      $('[data-ok]', layer).textContent = spec.confirm;
      layer.hidden = false;
      const done = (ok) => {
        layer.hidden = true;
        layer.innerHTML = '';
        resolve(ok);
      };
      $('[data-deny]', layer).onclick = () => done(false);
      $('[data-ok]', layer).onclick = () => done(true);
    });
  }

  async function act(el, extra) {
    const surface = surfaceOf(el);
    if (!surface) return;
    if (el.dataset.confirm && !(await askConfirm(JSON.parse(el.dataset.confirm)))) return;
    if (el.dataset.url) window.open(el.dataset.url, '_blank', 'noopener');
    el.disabled = true;
    try {
      await api('POST', 'action', { user: state.user, surface, actionId: el.dataset.actionId, blockId: el.dataset.blockId, ...extra });
    } finally {
      el.disabled = false;
      refreshSoon();
    }
  }

  function valuesOf(form) {
    const values = {};
    for (const el of $$('[data-input]', form)) {
      const id = el.dataset.actionId;
      if (el.dataset.input === 'file_input') continue; // attached when picked
      switch (el.dataset.input) {
        case 'multi_static_select':
        case 'multi_users_select':
          values[id] = [...el.selectedOptions].map((o) => o.value);
          break;
        case 'external_select':
        case 'multi_external_select': {
          const chosen = $$('.chip', el).map((c) => c.dataset.value);
          values[id] = el.dataset.multi !== undefined ? chosen : (chosen[0] ?? null);
          break;
        }
        case 'radio_buttons': {
          const on = $('input:checked', el);
          values[id] = on ? on.value : null;
          break;
        }
        case 'checkboxes':
          values[id] = $$('input:checked', el).map((i) => i.value);
          break;
        default:
          values[id] = el.value === '' ? null : el.value;
      }
    }
    return values;
  }

  async function submitModal(form) {
    const button = $('[data-modal-submit]', form);
    if (button) button.disabled = true;
    try {
      await api('POST', 'submit', { user: state.user, values: valuesOf(form) });
    } finally {
      if (button) button.disabled = false;
      refreshSoon();
    }
  }

  // External selects: ask the app's options listener as the person types, like Slack's type-ahead.
  async function suggest(box) {
    const input = $('.ext-query', box);
    const menu = $('.ext-menu', box);
    const q = input.value;
    if (q.length < Number(box.dataset.min || 0)) {
      menu.hidden = true;
      return;
    }
    // Focus and click arrive together. Slack's block_suggestion carries no unique id, so two identical ones in the
    // same second look like a replay to the app's guard, which refuses the second: reuse an answer for 2 s.
    const key = `${box.dataset.actionId}\u0000${q}`;
    const cached = box.answers && box.answers.get(key);
    let r;
    if (cached && Date.now() - cached.at < 2000) r = await cached.answer;
    else {
      box.answers ||= new Map();
      const answer = api('POST', 'suggest', { user: state.user, actionId: box.dataset.actionId, value: q });
      box.answers.set(key, { at: Date.now(), answer });
      r = await answer;
    }
    if (input.value !== q) return; // a newer keystroke's answer will come
    const chosen = new Set($$('.chip', box).map((c) => c.dataset.value));
    const options = (r.options || []).filter((o) => !chosen.has(o.value));
    menu.innerHTML = '';
    let group = null;
    for (const o of options) {
      if (o.group && o.group !== group) {
        group = o.group;
        const head = document.createElement('li');
        head.className = 'none group';
        head.textContent = group;
        menu.appendChild(head);
      }
      const li = document.createElement('li');
      li.textContent = o.text;
      // Slack shows an option's description under its text, greyed: here the reason an item is not eligible.
      if (o.description) {
        const d = document.createElement('div');
        d.className = 'bk-desc';
        d.textContent = o.description;
        li.appendChild(d);
      }
      li.dataset.value = o.value;
      li.dataset.text = o.text;
      menu.appendChild(li);
    }
    if (!options.length) menu.innerHTML = '<li class="none">No results · 无结果</li>';
    menu.hidden = false;
  }

  function pick(box, li) {
    if (!li || !li.dataset.value) return;
    const chips = $('.chips', box);
    if (box.dataset.multi === undefined) chips.innerHTML = '';
    const max = Number(box.dataset.max || 0);
    if (max && $$('.chip', box).length >= max) return toast(`At most ${max} · 最多 ${max} 项`);
    const span = document.createElement('span');
    span.className = 'chip';
    span.dataset.value = li.dataset.value;
    span.dataset.text = li.dataset.text;
    span.textContent = li.dataset.text;
    const x = document.createElement('button');
    x.type = 'button';
    x.className = 'chip-x';
    x.title = 'Remove';
    x.textContent = '×';
    span.appendChild(x);
    chips.appendChild(span);
    const input = $('.ext-query', box);
    input.value = '';
    $('.ext-menu', box).hidden = true;
    input.focus();
  }

  // ------------------------------------------------------------------ events

  document.addEventListener('click', (e) => {
    const t = e.target;
    const nav = t.closest('[data-channel]');
    if (nav) return selectChannel(nav.dataset.channel);
    if (t.closest('#nav-app')) return selectApp(state.app ? state.tab : 'home');
    const tab = t.closest('[data-tab]');
    if (tab) return selectApp(tab.dataset.tab);
    const thread = t.closest('[data-open-thread]');
    if (thread) {
      state.thread = thread.dataset.openThread;
      return refresh();
    }
    if (t.closest('#thread-close')) {
      state.thread = null;
      return refresh();
    }
    if (t.closest('[data-modal-close]')) return api('POST', 'close', { user: state.user }).then(refreshSoon);
    if (t.closest('[data-modal-back]')) return api('POST', 'back', { user: state.user }).then(refreshSoon);
    const x = t.closest('.chip-x');
    if (x) return x.closest('.chip').remove();
    if (t.classList.contains('ext-query')) return suggest(t.closest('.bk-ext'));
    const li = t.closest('.ext-menu li');
    if (li) return pick(li.closest('.bk-ext'), li);
    const btn = t.closest('button[data-act="click"]');
    if (btn) return act(btn, btn.dataset.value !== undefined ? { value: btn.dataset.value } : {});
    for (const menu of $$('.ext-menu')) if (!menu.contains(t) && !menu.parentElement.contains(t)) menu.hidden = true;
  });

  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t.id === 'user-switch') return switchUser(t.value);
    if (t.matches('select[data-act="select"]') && t.value) act(t, { selectedOption: t.value });
    if (t.matches('input[data-input="file_input"]') && t.files && t.files[0]) attachFile(t, t.files[0]);
  });

  // A file input: the file goes to the emulator when picked (its checks answer at once), the submit carries it.
  function attachFile(input, file) {
    const reader = new FileReader();
    reader.onload = async () => {
      const base64 = String(reader.result).replace(/^data:[^,]*,/, '');
      const r = await api('POST', 'attach', { user: state.user, actionId: input.dataset.actionId, name: file.name, base64 });
      if (r.ok === false) input.value = '';
    };
    reader.readAsDataURL(file);
  }

  let suggestTimer = null;
  document.addEventListener('input', (e) => {
    const box = e.target.closest('.bk-ext');
    if (!box) return;
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => suggest(box), 120);
  });
  document.addEventListener('focusin', (e) => {
    const box = e.target.closest && e.target.closest('.bk-ext');
    if (box && e.target.classList.contains('ext-query')) suggest(box);
  });
  document.addEventListener('keydown', (e) => {
    const box = e.target.closest && e.target.closest('.bk-ext');
    if (box && e.key === 'Enter') {
      e.preventDefault();
      pick(box, $('.ext-menu li[data-value]', box));
    }
    if (e.key === 'Escape' && !$('#modal-layer').hidden) api('POST', 'close', { user: state.user }).then(refreshSoon);
  });

  document.addEventListener('submit', (e) => {
    e.preventDefault();
    if (e.target.id === 'composer') return send();
    // A modal without a submit button cannot be submitted, as in Slack (Enter in its one text field included).
    if (e.target.classList.contains('modal') && $('[data-modal-submit]', e.target)) submitModal(e.target);
  });
  $('#composer-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  });

  async function send() {
    const input = $('#composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    if (text.startsWith('/')) await api('POST', 'command', { user: state.user, text, channel: channelNow() });
    else await api('POST', 'message', { user: state.user, channel: channelNow(), text });
    refreshSoon();
  }

  // ------------------------------------------------------------------ start

  async function start() {
    await Promise.all(['400', '700'].map((w) => document.fonts.load(`${w} 16px "Sandbox CJK"`, '中文')).concat(document.fonts.ready)).catch(() => {});
    document.body.dataset.fonts = '1';
    const ws = await (await fetch('/sandbox/api/workspace')).json();
    state.workspace = ws;
    $('#ws-name').textContent = ws.name;
    // Two accounts of one company, one per cloud vendor (R1a): switching reloads the page as the other workspace.
    if (ws.workspaces && ws.workspaces.length > 1) {
      const wsw = $('#ws-switch');
      for (const w of ws.workspaces) {
        const o = document.createElement('option');
        o.value = w.teamId;
        o.textContent = w.name;
        wsw.appendChild(o);
      }
      wsw.value = ws.teamId;
      $('#ws-switch-label').hidden = false;
      wsw.addEventListener('change', async () => {
        await api('POST', 'workspace', { teamId: wsw.value });
        location.reload();
      });
    }
    const sw = $('#user-switch');
    for (const u of ws.users) {
      const o = document.createElement('option');
      o.value = u.id;
      // Which language the app answers this person in (their Slack locale), so both demos are easy to find.
      const language = u.locale ? (u.locale.toLowerCase().startsWith('zh') ? '中文' : 'English') : '';
      o.textContent = [u.name, u.role, language].filter(Boolean).join(' · ');
      sw.appendChild(o);
    }
    const channels = ws.channels.filter((c) => !c.dm);
    const list = $('#channel-list');
    for (const c of channels) {
      const b = document.createElement('button');
      b.className = 'nav-item';
      b.dataset.channel = c.id;
      b.textContent = `# ${c.name}`;
      list.appendChild(b);
    }
    state.user = ws.users.some((u) => u.id === params.get('user')) ? params.get('user') : ws.users[0].id;
    sw.value = state.user;
    state.channel = channels.some((c) => c.id === params.get('channel')) ? params.get('channel') : channels[0].id;
    const events = new EventSource('/sandbox/events');
    events.addEventListener('change', refreshSoon);
    events.addEventListener('open', refreshSoon);
    if (params.get('app')) await selectApp(params.get('app') === 'home' ? 'home' : 'messages');
    else await refresh();
  }

  window.sandbox = { state, refresh };
  start();
})();
