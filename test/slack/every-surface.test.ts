// Every view and message the app builds, in Chinese and English, for each vendor, with the longest data it can hold,
// passes Slack's limits. Issue 11: one description 24 characters too long left English speakers unable to start a
// contract. The surfaces themselves are built in test/helpers/surfaces.ts, which the crawl (test/words/crawl.test.ts)
// reads as people do.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VENDORS } from '../../src/domain/vendors.js';
import { checkMessage, checkView, slackMessage, suggestionProblems, textAdvice } from '../../src/sandbox/limits.js';
import { type Locale, t } from '../../src/slack/i18n.js';
import * as wizard from '../../src/slack/views/wizard.js';
import { LONG, MODULES, surfaces } from '../helpers/surfaces.js';

const LOCALES: Locale[] = ['zh', 'en'];
const VIEWS_DIR = join(import.meta.dirname, '../../src/slack/views');
/** The toolkit every view is built with: no surface of its own. */
const TOOLKIT = 'blocks.ts';

describe('every view and message the app builds', () => {
  const all = LOCALES.flatMap((l) => VENDORS.flatMap((v) => surfaces(l, v, LONG)));

  it('covers each builder of each module in src/slack/views', async () => {
    const files = readdirSync(VIEWS_DIR)
      .filter((f) => f.endsWith('.ts') && f !== TOOLKIT)
      .sort();
    expect(files.filter((f) => !MODULES[f]).map((f) => `${f}: add its surfaces to test/helpers/surfaces.ts`)).toEqual([]);
    // Both ways: a module gone from the folder leaves no stale entry that the surfaces could still be built from.
    expect(Object.keys(MODULES).sort()).toEqual(files);
    // The exports are read from the files themselves, so an entry of MODULES naming the wrong module hides nothing.
    const loaded = await Promise.all(files.map(async (f) => [f, (await import(pathToFileURL(join(VIEWS_DIR, f)).href)) as Record<string, unknown>] as const));
    for (const [f, m] of loaded) expect(MODULES[f], f).toBe(m);
    const builders = loaded.flatMap(([, m]) =>
      Object.entries(m)
        .filter(([, v]) => typeof v === 'function')
        .map(([k]) => k),
    );
    // Helpers that build no surface of their own: they are checked through the surfaces that use them.
    const helpers = new Set([
      'nextStep',
      'maskPhone',
      'downloadButton',
      'actionButton',
      'filterValue',
      'needsPartyAConfirmation',
      'mayAct',
      'importKinds',
      'aboutText',
      'signRequestWords',
    ]);
    // A helper named here that is no longer exported would let a builder of that name in later unchecked.
    expect([...helpers].filter((h) => !builders.includes(h))).toEqual([]);
    const covered = new Set(all.map((s) => s.name.split(' ')[1]));
    expect(builders.filter((b) => !helpers.has(b) && !covered.has(b))).toEqual([]);
    expect(all.length).toBeGreaterThan(1000);
  });

  it("stays within Slack's limits in both languages with the longest data", () => {
    const refused = all.flatMap((s) =>
      (s.view ? checkView(s.view as never) : s.options ? suggestionProblems(s.options).map(slackMessage) : checkMessage(s.message!)).map(
        (p) => `${s.name}: ${p}`,
      ),
    );
    expect(refused).toEqual([]);
  });

  it('keeps message texts under the 4,000 characters Slack advises', () => {
    expect(all.filter((s) => s.message && textAdvice(s.message.text)).map((s) => s.name)).toEqual([]);
  });

  it('would have caught issue 11: the old 99-character description is refused at its place', () => {
    const old = wizard.startView('en', 'tencent') as unknown as { blocks: { element?: { options?: { description?: { text: string } }[] } }[] };
    const original = 'Both sign: enterprises with an e-seal, persons with a signature (enterprises activate e-sign first)';
    expect(original).toHaveLength(99);
    old.blocks[1]!.element!.options![1]!.description!.text = original;
    expect(checkView(old as never)).toEqual(['[ERROR] must be less than 76 characters [json-pointer:/view/blocks/1/element/options/1/description/text]']);
  });

  it('still says what the description no longer holds: activation comes first for the dual channel', () => {
    for (const l of LOCALES) expect(JSON.stringify(wizard.startView(l, 'tencent'))).toContain(t('dualActivation', l));
  });
});
