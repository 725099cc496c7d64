// The fetch Bolt and the WebClient use: what they read of a response must be what the built-in fetch gives, and
// what it does not handle itself goes to the built-in fetch.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '../../src/slack/http-fetch.js';

let server: Server;
let base = '';
const seen: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/api/chat.postEphemeral') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-oauth-scopes': 'chat:write' });
        return res.end(JSON.stringify({ ok: true, message_ts: '1.2', echo: Object.fromEntries(new URLSearchParams(body)) }));
      }
      if (req.url === '/empty') {
        res.writeHead(204);
        return res.end();
      }
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/final' });
        return res.end();
      }
      if (req.url === '/final') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`final ${req.method}`);
      }
      if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000);
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('不行');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('httpFetch', () => {
  it('carries a WebClient call: body and headers out, JSON, status and headers back', async () => {
    const client = new WebClient('xoxb-t', { slackApiUrl: `${base}/api/`, fetch: httpFetch, retryConfig: { retries: 0 } });
    const r = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: '只有你看得到 ✓' });
    expect(r).toMatchObject({ ok: true, message_ts: '1.2', echo: { channel: 'C1', user: 'U1', text: '只有你看得到 ✓' } });
    expect(r.response_metadata?.scopes).toEqual(['chat:write']);
    const req = seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe('Bearer xoxb-t');
    expect(Number(req.headers['content-length'])).toBe(Buffer.byteLength(req.body));
  });

  it('answers like the built-in fetch: status, text, url, a 204 without a body', async () => {
    const mine = await httpFetch(`${base}/broken`, { method: 'POST', body: '{}' });
    const theirs = await fetch(`${base}/broken`, { method: 'POST', body: '{}' });
    expect([mine.status, mine.ok, mine.url, mine.headers.get('content-type'), await mine.text()]).toEqual([
      theirs.status,
      theirs.ok,
      theirs.url,
      theirs.headers.get('content-type'),
      await theirs.text(),
    ]);
    const empty = await httpFetch(`${base}/empty`, { method: 'POST', body: '' });
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('reads a body once, as the built-in fetch does; the stream, blob and clone are still there when asked for', async () => {
    const once = await httpFetch(`${base}/broken`, { method: 'POST', body: '{}' });
    expect(once.bodyUsed).toBe(false);
    expect(await once.text()).toBe('不行');
    expect(once.bodyUsed).toBe(true);
    await expect(once.text()).rejects.toThrow(TypeError);
    const json = await httpFetch(`${base}/api/chat.postEphemeral`, { method: 'POST', body: 'text=%E5%A5%BD' });
    expect(await json.json()).toMatchObject({ ok: true, echo: { text: '好' } });
    const copy = (await httpFetch(`${base}/broken`, { method: 'POST', body: '{}' })).clone();
    expect(await (await copy.blob()).text()).toBe('不行');
    const streamed = await httpFetch(`${base}/broken`, { method: 'POST', body: '{}' });
    expect(await new Response(streamed.body).text()).toBe('不行');
  });

  it('a redirect: an error when told so (the WebClient does), followed otherwise (by the built-in fetch)', async () => {
    await expect(httpFetch(`${base}/moved`, { method: 'POST', body: 'x', redirect: 'error' })).rejects.toThrow(TypeError);
    expect(await (await httpFetch(`${base}/moved`, { method: 'GET' })).text()).toBe('final GET');
  });

  it('FormData bodies go to the built-in fetch; a refused connection and an abort reject', async () => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-']), 'a.pdf');
    await httpFetch(`${base}/broken`, { method: 'POST', body: form });
    expect(seen.at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    await expect(httpFetch('http://127.0.0.1:9/', { method: 'POST', body: 'x' })).rejects.toThrow('fetch failed');
    await expect(httpFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
