// Downloading a file a person gave the app (a modal's file_input): Slack serves url_private_download only with the
// workspace's bot token in an Authorization header (scope files:read); without one it answers its sign-in page, an
// HTML document with status 200, which must not be taken for the file.
import { httpFetch } from './http-fetch.js';

export type Downloaded = { ok: true; bytes: Uint8Array } | { ok: false; detail: string };

export async function downloadSlackFile(url: string, token: string, maxBytes: number, fetchImpl: typeof fetch = httpFetch): Promise<Downloaded> {
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
  if (res.status !== 200) return { ok: false, detail: `HTTP ${res.status}` };
  if ((res.headers.get('content-type') ?? '').includes('text/html')) return { ok: false, detail: 'not_authed' };
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Slack's file input takes 10 MB at most: anything larger is not the file the person picked.
  if (bytes.length > maxBytes) return { ok: false, detail: 'too_large' };
  return { ok: true, bytes };
}
