// A 30-order Chinese order contract, formal, with its audit page: warm median time and size; then the font whole.
import { renderContract } from '../src/pdf/document.js';
import { sampleDocument } from './sample-pdf.js';

export interface PdfResult {
  font: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  kb: number;
  coldMs: number;
}

export async function benchPdf(runs = 100): Promise<PdfResult[]> {
  const d = sampleDocument();
  d.totalCents = d.items.reduce((s, i) => s + (i.amountCents ?? 0), 0);
  const out: PdfResult[] = [];
  for (const subset of [true, false]) {
    const t0 = performance.now();
    let bytes = await renderContract(d, { subset });
    const coldMs = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < (subset ? runs : 5); i++) {
      const t = performance.now();
      bytes = await renderContract(d, { subset });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out.push({
      font: subset ? 'subset' : 'whole',
      runs: times.length,
      medianMs: +times[Math.floor(times.length / 2)]!.toFixed(1),
      p90Ms: +times[Math.floor(times.length * 0.9)]!.toFixed(1),
      kb: Math.round(bytes.length / 1024),
      coldMs: Math.round(coldMs),
    });
  }
  return out;
}
