// The kinds' sample texts (合同模板) over HTTP.
import type { ServerResponse } from 'node:http';
import type { Kind } from '../domain/types.js';
import { TEMPLATE_PATH, templatePdf, templateVendor } from '../pdf/template.js';

/** GET /templates/:kind.pdf: the sample text of a kind (合同模板); no customer data, so no signed link. */
export async function serveTemplate(path: string, res: ServerResponse): Promise<void> {
  const m = TEMPLATE_PATH.exec(path.split('?')[0]!);
  if (!m) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('No such template / 没有这个合同模板');
    return;
  }
  const bytes = await templatePdf(m[1] as Kind, templateVendor(path.split('?')[1] ?? '')); // the vendor's own words
  res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': String(bytes.length),
    'content-disposition': `inline; filename="template-${m[1]}.pdf"`,
  });
  res.end(Buffer.from(bytes));
}
