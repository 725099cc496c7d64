// The file side of files.getUploadURLExternal: the upload URL the app PUTs or POSTs bytes to, and the download link.
import type { IncomingMessage, ServerResponse } from 'node:http';

type Files = Map<string, { name: string; bytes: Buffer | null }>;

/** Serves `/upload/<id>` (store the bytes) and `/files/<id>` (send them back). */
export function serveFile(files: Files, path: string, req: IncomingMessage, rawBody: Buffer, res: ServerResponse): void {
  const f = files.get(path.split('/')[2] ?? '');
  if (!f) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'file_not_found' }));
    return;
  }
  if (path.startsWith('/upload/')) {
    f.bytes = uploadedBytes(String(req.headers['content-type'] ?? ''), rawBody);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${f.bytes.length}`);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${encodeURIComponent(f.name)}"` });
  res.end(f.bytes ?? Buffer.alloc(0));
}

/** An upload arrives raw or as multipart form data (what @slack/web-api sends): take the file part's bytes. */
function uploadedBytes(contentType: string, body: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || !boundary) return Buffer.from(body);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0 && /filename=|name="(?:body|file)"/.test(part.subarray(0, split).toString('latin1'))) return Buffer.from(part.subarray(split + 4));
    at = next;
  }
  return Buffer.from(body);
}
