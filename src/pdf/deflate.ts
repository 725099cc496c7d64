// pdf-lib compresses every stream (the font subset, each page, the object streams) with pako, zlib written in
// JavaScript: a fifth of a contract's rendering time. Node's zlib is the same deflate in C, a fraction of the cost and
// byte-for-byte the same format. pdf-lib has no option for its compressor, so pako's deflate is pointed at Node's
// for the process; pako's other users here only inflate (pdf-lib's standard fonts) or are bench-only (autocannon).
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

let done = false;
export function useNativeDeflate(): void {
  if (done) return;
  // The pako that pdf-lib itself resolves, whichever copy npm placed where.
  const pako = createRequire(createRequire(import.meta.url).resolve('pdf-lib')).resolve('pako');
  const mod = createRequire(import.meta.url)(pako) as { deflate: (data: Uint8Array, opts?: unknown) => Uint8Array };
  const js = mod.deflate;
  // Only the call pdf-lib makes (no options) goes to Node's zlib; any other keeps pako's own.
  mod.deflate = (data, opts) => (opts === undefined ? new Uint8Array(deflateSync(data)) : js(data, opts));
  done = true;
}
