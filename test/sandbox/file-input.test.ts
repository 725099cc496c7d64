// The emulator's file_input, held to Slack's reference: the client's checks when a file is picked (filetypes,
// max_files, 10 MB), the file objects a view_submission carries, files.info and url_private(_download) only for the
// workspace's bot token (anything else gets Slack's sign-in page, not the file).
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/emulator.js';

const TOKEN = 'xoxb-right';
const emu = new SlackEmulator({ teamId: 'T0FILES01', users: [{ id: 'U1', name: 'u1', locale: 'en-US' }], botToken: TOKEN });
const trigger = (user: string) => (emu as unknown as { issueTrigger(u: string): string }).issueTrigger(user);
let slack: WebClient;

const view = (el: Record<string, unknown>, optional = false) => ({
  type: 'modal' as const,
  callback_id: 'f',
  title: { type: 'plain_text' as const, text: 'Files' },
  submit: { type: 'plain_text' as const, text: 'Go' },
  blocks: [{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'File' }, element: { type: 'file_input', action_id: 'file', ...el }, optional }],
});

beforeAll(async () => {
  await emu.start();
  slack = new WebClient(TOKEN, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => emu.stop());

describe('file_input', () => {
  it('refuses what the Slack client refuses when a file is picked', async () => {
    await slack.views.open({ trigger_id: trigger('U1'), view: view({ filetypes: ['csv', 'xlsx'], max_files: 1 }) as never });
    expect(() => emu.attachFile('U1', 'file', { name: 'a.pdf', bytes: new Uint8Array(1) })).toThrow(/\.pdf is not accepted/);
    expect(() => emu.attachFile('U1', 'file', { name: 'big.csv', bytes: new Uint8Array(10 * 1024 * 1024 + 1) })).toThrow(/10 MB/);
    emu.attachFile('U1', 'file', { name: 'a.csv', bytes: new TextEncoder().encode('x') });
    expect(() => emu.attachFile('U1', 'file', { name: 'b.csv', bytes: new Uint8Array(1) })).toThrow(/at most 1/);
    expect(emu.attachFile('U1', 'file', { name: 'b.csv', bytes: new Uint8Array(1) }, { replace: true })).toMatchObject({ name: 'b.csv' });
    expect(() => emu.attachFile('U1', 'other', { name: 'b.csv', bytes: new Uint8Array(1) })).toThrow(/no file_input other/);
  });

  it('refuses a file input whose max_files is out of Slack’s 1–10', async () => {
    await expect(slack.views.open({ trigger_id: trigger('U1'), view: view({ max_files: 11 }) as never })).rejects.toThrow(/invalid_arguments/);
  });

  it('gives files.info and the bytes to the workspace’s bot token only', async () => {
    await slack.views.open({ trigger_id: trigger('U1'), view: view({}) as never });
    const f = emu.attachFile('U1', 'file', { name: '订单.csv', bytes: new TextEncoder().encode('a,b\n1,2\n') });
    expect(f).toMatchObject({ filetype: 'csv', mimetype: 'text/csv', size: 8, user: 'U1', mode: 'hosted' });
    const info = await slack.files.info({ file: String(f.id) });
    expect(info.file?.url_private_download).toBe(f.url_private_download);
    const other = new WebClient('xoxb-other', { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    await expect(other.files.info({ file: String(f.id) })).rejects.toThrow(/invalid_auth/);
    await expect(slack.files.info({ file: 'F0NOPE' })).rejects.toThrow(/file_not_found/);

    const url = String(f.url_private_download);
    const good = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(good.headers.get('content-disposition')).toContain('attachment');
    expect(await good.text()).toBe('a,b\n1,2\n');
    for (const headers of [{}, { authorization: 'Bearer xoxb-other' }] as Record<string, string>[]) {
      const r = await fetch(url, { headers });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(await r.text()).toContain('Sign in');
    }
  });

  it('sends the attached files as Slack file objects, and does not send a required file input left empty', async () => {
    const seen: unknown[] = [];
    const { createServer } = await import('node:http');
    const app = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(JSON.parse(new URLSearchParams(body).get('payload') ?? '{}'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"response_action":"clear"}');
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    emu.connectApp(`http://127.0.0.1:${(app.address() as { port: number }).port}`, 'secret');
    try {
      await slack.views.open({ trigger_id: trigger('U1'), view: view({}) as never });
      // Slack's client says so under the field and sends nothing.
      expect(await emu.submitView('U1', {})).toMatchObject({ notSent: true, errors: { b: 'Please complete this required field' } });
      expect(seen).toEqual([]);
      const f = emu.attachFile('U1', 'file', { name: 'x.xlsx', bytes: new Uint8Array([1, 2]) });
      await emu.submitView('U1', {});
      const state = (seen[0] as { view: { state: { values: Record<string, Record<string, unknown>> } } }).view.state.values;
      expect(state.b!.file).toEqual({ type: 'file_input', files: [f] });
    } finally {
      await new Promise((r) => app.close(r));
    }
  });
});
