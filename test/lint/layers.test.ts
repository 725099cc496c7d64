// The import rules of eslint.config.js, run through ESLint's Node API on small fixtures: each forbidden arrow fails
// lint, and the allowed ones next to it pass. (The real tree passing is `npm run lint`.)
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, from: string): Promise<string[]> {
  const code = from.endsWith('schema.js')
    ? `import { outbox } from '${from}';\nexport const used = outbox;\n`
    : `import * as m from '${from}';\nexport const used = m;\n`;
  const [r] = await eslint.lintText(code, { filePath: resolve(root, file) });
  // "Only app.ts imports sandbox/" is typescript-eslint's copy of the rule, so that it adds to each layer's own.
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layers (docs/architecture.md, "The layers")', () => {
  it.each([
    ['src/notify/handlers.ts', '../jobs/scheduler.js'],
    ['src/notify/handlers.ts', '../slack/listeners/actions.js'],
    ['src/notify/dispatcher.ts', '../slack/app.js'],
    ['src/notify/dispatcher.ts', '../slack/home.js'], // Home queries services: it is injected as publishHome
    ['src/slack/app.ts', '../notify/dispatcher.js'],
    ['src/slack/listeners/actions.ts', '../../notify/poster.js'],
    ['src/services/trail.ts', '../notify/queue.js'],
    ['src/services/trail.ts', '../slack/i18n.js'],
    ['src/services/trail.ts', '../jobs/reminders.js'],
    ['src/jobs/scheduler.ts', '../notify/dispatcher.js'],
    ['src/services/signers.ts', '../db/schema.js'], // the outbox table, outside trail.ts
    ['src/slack/listeners/events.ts', '../../db/schema.js'],
    ['src/slack/listeners/options.ts', 'drizzle-orm'],
    // Every listener, the three that used to be exempt and the flows split out of views.ts alike.
    ['src/slack/listeners/actions.ts', '../../db/schema.js'],
    ['src/slack/listeners/commands.ts', 'drizzle-orm'],
    ['src/slack/listeners/wizard.ts', '../../db/client.js'],
    ['src/slack/listeners/settings.ts', 'drizzle-orm/pg-core'],
    ['src/slack/listeners/index.ts', '../../db/schema.js'],
    // http/ beside the Slack app: not its listeners, not the outbox, not the jobs.
    ['src/http/router.ts', '../slack/listeners/actions.js'],
    ['src/http/documents.ts', '../notify/dispatcher.js'],
    ['src/http/health.ts', '../jobs/scheduler.js'],
    // The emulator is Slack: of slack/ only Slack's own facts, nothing of the app.
    ['src/sandbox/server.ts', '../slack/app.js'],
    ['src/sandbox/emulator/views.ts', '../../slack/views/wizard.js'],
    ['src/sandbox/emulator.ts', '../services/index.js'],
    ['src/sandbox/persistence.ts', '../db/client.js'],
    ['src/sandbox/server.ts', '../notify/dispatcher.js'],
    ['src/sandbox/server.ts', '../app.js'],
    // Only app.ts imports sandbox/.
    ['src/seed/when.ts', '../sandbox/emulator.js'],
    ['src/http/router.ts', '../sandbox/server.js'],
    ['src/main.ts', './sandbox/persistence.js'],
  ])('%s may not import %s', async (file, from) => {
    expect(await importErrors(file, from)).toHaveLength(1);
  });

  it.each([
    ['src/notify/handlers.ts', '../slack/views/notifications.js'],
    ['src/notify/queue.ts', '../db/claims.js'],
    ['src/jobs/poller.ts', '../db/claims.js'],
    ['src/services/trail.ts', '../domain/notices.js'],
    ['src/services/trail.ts', '../db/schema.js'],
    ['src/slack/listeners/events.ts', '../../services/index.js'],
    ['src/slack/listeners/actions.ts', '../../services/index.js'],
    ['src/slack/listeners/wizard.ts', '../../domain/inputs.js'],
    ['src/http/documents.ts', '../services/documents.js'],
    ['src/http/sms-signing-page.ts', '../slack/views/notifications.js'],
    ['src/sandbox/emulator/rate-limits.ts', '../../slack/rate-limits.js'],
    ['src/sandbox/emulator/rate-limits.ts', '../../slack/token-bucket.js'],
    ['src/sandbox/emulator/app-link.ts', '../../slack/request-signature.js'],
    ['src/sandbox/emulator/user-actions.ts', '../limits.js'],
    ['src/app.ts', './sandbox/emulator.js'],
    ['src/seed/when.ts', './sandbox.js'], // seed/sandbox.ts, the sandbox's demo data, not sandbox/
  ])('%s may import %s', async (file, from) => {
    expect(await importErrors(file, from)).toEqual([]);
  });
});

describe('import order', () => {
  const orderErrors = async (code: string) =>
    (await eslint.lintText(code, { filePath: resolve(root, 'src/services/trail.ts') }))[0]!.messages.filter((m) => m.ruleId === 'simple-import-sort/imports');
  const use = 'export const used = [a, b, c, d];\n';

  it('built-ins, packages, then the project’s modules, each sorted by path, names sorted inside', async () => {
    const sorted = "import { a } from 'node:path';\nimport { b } from 'drizzle-orm';\nimport { c } from '../db/schema.js';\nimport { d } from './audit.js';\n";
    expect(await orderErrors(sorted + use)).toEqual([]);
    expect(await orderErrors("import { b, a } from 'node:path';\nimport { c, d } from 'drizzle-orm';\n" + use)).toHaveLength(1);
  });

  it.each([
    ['a module of the project before a built-in', "import { c } from '../db/schema.js';\nimport { a } from 'node:path';\n"],
    ['a package before a built-in', "import { b } from 'drizzle-orm';\nimport { a } from 'node:path';\n"],
    ['./ before ../', "import { d } from './audit.js';\nimport { c } from '../db/schema.js';\n"],
    ['two siblings out of order', "import { d } from './trail.js';\nimport { c } from './audit.js';\n"],
  ])('%s: refused', async (_why, imports) => {
    expect(await orderErrors(imports + use)).toHaveLength(1);
  });
});
