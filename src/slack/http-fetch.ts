// The `fetch` that Bolt (respond) and the WebClient (every Web API call) use, through their documented
// `clientOptions.fetch`. Node's built-in fetch runs each request through undici's WHATWG machinery (web streams,
// body mixins): the ack bench measured a chat.postEphemeral at ~0.5 ms of CPU, more than acking the click itself.
// Both callers send a string or bytes and read the whole answer, which node:http on a keep-alive agent does for a
// fraction of that. Anything else (FormData uploads, a redirect to follow, a non-http URL) goes to the built-in fetch.
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
} as const;

// Statuses whose Response may not carry a body (the Fetch standard's "null body status").
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

type Body = string | Uint8Array;
const isSimpleBody = (b: unknown): b is Body | null | undefined => b == null || typeof b === 'string' || b instanceof Uint8Array;

function headerObject(h: RequestInit['headers']): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers || Array.isArray(h)) return Object.fromEntries(new Headers(h).entries());
  return h as Record<string, string>;
}

export const httpFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
  const protocol = url?.slice(0, url.indexOf(':') + 1);
  if (!url || (protocol !== 'http:' && protocol !== 'https:') || !isSimpleBody(init?.body)) return globalThis.fetch(input, init);
  const redirect = init?.redirect ?? 'follow';
  const body = init?.body;
  return new Promise<Response>((resolve, reject) => {
    const signal = init?.signal;
    if (signal?.aborted) return reject(signal.reason);
    const req = (protocol === 'https:' ? https : http).request(url, {
      method: init?.method ?? 'GET',
      headers: { ...headerObject(init?.headers), ...(body != null ? { 'content-length': Buffer.byteLength(body) } : {}) },
      agent: agents[protocol],
    });
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      // As the built-in fetch: an abort rejects with the signal's reason, anything else with "fetch failed".
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: e }));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        signal?.removeEventListener('abort', onAbort);
        if (redirect === 'error') return reject(new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${res.headers.location}`) }));
        if (redirect === 'follow') return resolve(globalThis.fetch(input, init));
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(bufferedResponse(url, status, res.statusMessage ?? '', res.rawHeaders, NULL_BODY.has(status) ? null : Buffer.concat(chunks)));
      });
    });
    req.end(body ?? undefined);
  });
};

/**
 * A Response over a body already read whole. Building undici's Response (a web ReadableStream over the bytes, a
 * Headers object) was the largest cost of an answer through response_url after the request itself; Bolt's respond
 * reads only `ok`, the WebClient `status`, `headers` and the text or bytes. Headers and the real Response are built
 * only if someone asks for them (`headers`, `body`, `blob`, `formData`, `clone`).
 */
function bufferedResponse(url: string, status: number, statusText: string, rawHeaders: string[], bytes: Buffer | null): Response {
  let headers: Headers | null = null;
  let real: Response | null = null;
  let used = false;
  const consume = () => {
    if (used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    used = true;
    return Promise.resolve(bytes ?? Buffer.alloc(0));
  };
  const headersOf = () => {
    if (!headers) {
      headers = new Headers();
      for (let i = 0; i < rawHeaders.length; i += 2) headers.append(rawHeaders[i]!, rawHeaders[i + 1]!);
    }
    return headers;
  };
  const toReal = () => (real ??= new Response(bytes, { status, statusText, headers: headersOf() }));
  const response = {
    url,
    status,
    statusText,
    ok: status >= 200 && status < 300,
    redirected: false,
    type: 'basic' as const,
    get headers() {
      return headersOf();
    },
    get bodyUsed() {
      return used;
    },
    get body() {
      return toReal().body;
    },
    text: () => consume().then((b) => b.toString('utf8')),
    json: () => consume().then((b) => JSON.parse(b.toString('utf8')) as unknown),
    arrayBuffer: () => consume().then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
    bytes: () => consume().then((b) => new Uint8Array(b)),
    blob: () => toReal().blob(),
    formData: () => toReal().formData(),
    clone: () => toReal().clone(),
  };
  return response as unknown as Response;
}
