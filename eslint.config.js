import js from '@eslint/js';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.build/', 'drizzle/', '.data/', '.test-artifacts/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // One import statement per module, plus one `import type` beside it if wanted. Re-exports (`export … from`) of
      // a module the file also imports are left alone: facades (services/index.ts, sandbox/emulator.ts) do that.
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      // Prettier's printWidth (.prettierrc.json) for what Prettier cannot wrap: comments. Long strings stay whole (the
      // words people read are easier to find and edit in one piece).
      // Import statements sorted, and the names inside each (eslint-plugin-simple-import-sort; `eslint --fix` does it):
      // Node's built-ins, then packages, then the project's own modules, in one block without blank lines.
      'simple-import-sort/imports': ['error', { groups: [['^\\u0000', '^node:', '^@?\\w', '^', '^\\.']] }],
      'max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Rules that need the type checker: the TypeScript files tsconfig.json compiles.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    // The launcher `npm start` runs: plain JavaScript for Node, so that nothing has to compile it first.
    files: ['bin/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly' } },
  },
  {
    // The sandbox page's script runs in the browser, unbundled.
    files: ['src/sandbox/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        window: 'readonly',
        location: 'readonly',
        history: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        URLSearchParams: 'readonly',
        FileReader: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    // One logger for the app: stray console output in src/ hides in production logs.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // The domain stays pure: no I/O, no database, no Slack.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '../db/*', '../services/*', '../slack/*', 'drizzle-orm*', 'postgres', '@electric-sql/*'] }],
    },
  },
  // Data flows one way (docs/architecture.md, "The layers"): these hold for all of src/ today; test/lint/layers.test.ts shows each one failing.
  {
    // notify/ owns the outbox and sits beside jobs/, below the Slack app: it may use views, never listeners or jobs.
    files: ['src/notify/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/jobs/*'], message: 'notify/ must not import jobs/: shared helpers live below both (db/claims.ts).' },
            {
              group: ['**/slack/listeners/*', '**/slack/app.js', '**/slack/context.js', '**/slack/routes.js', '**/slack/home.js'],
              message: 'notify/ may use slack/views, not the Bolt app (Home comes in as DispatcherDeps.publishHome).',
            },
          ],
        },
      ],
    },
  },
  {
    // Listeners reach the outbox only through SlackDeps.deliverNow; nothing in slack/ imports notify/.
    files: ['src/slack/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/notify/*'], message: 'slack/ gets the outbox as deps.deliverNow; it does not import notify/.' }] },
      ],
    },
  },
  {
    // The services are the only writers and know nothing of who delivers or schedules their outbox rows.
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/slack/*', '**/notify/*', '**/jobs/*'], message: 'services/ sit below slack/, notify/ and jobs/.' }],
          // Outbox rows go in through trail.ts (recordChange, writeNotices): typed topics, so each has a handler.
          paths: [{ name: '../db/schema.js', importNames: ['outbox'], message: 'write outbox rows with recordChange or writeNotices.' }],
        },
      ],
    },
  },
  {
    files: ['src/services/trail.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/slack/*', '**/notify/*', '**/jobs/*'], message: 'services/ sit below slack/, notify/ and jobs/.' }] },
      ],
    },
  },
  {
    // Jobs get the outbox as a function (deliverOutbox), wired in app.ts.
    files: ['src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/slack/*', '**/notify/*'], message: 'jobs/ call services; the outbox is handed in as deliverOutbox.' }] },
      ],
    },
  },
  {
    // http/ serves pages and files beside the Slack app: it calls services and may use slack/views for words, but it
    // does not reach into the listeners, the outbox or the jobs (what it needs of them, app.ts hands in).
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/slack/listeners/*'], message: 'http/ calls services; it does not import the Slack listeners.' },
            { group: ['**/notify/*', '**/jobs/*'], message: 'http/ gets what it needs of notify/ and jobs/ from app.ts (e.g. deliverNow, JobsHealth).' },
          ],
        },
      ],
    },
  },
  {
    // sandbox/ stands in for Slack: it talks to the app over HTTP and Socket Mode only. Of slack/ it shares Slack's own
    // facts (the rate-limit tiers, the token bucket, the request signature), nothing of the app.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/slack/*', '!**/slack/rate-limits.js', '!**/slack/token-bucket.js', '!**/slack/request-signature.js'],
              message: 'the emulator may use slack/rate-limits, slack/token-bucket and slack/request-signature only: it is Slack, not the app.',
            },
            {
              group: ['**/services/*', '**/db/*', '**/notify/*', '**/jobs/*', '**/http/*', '**/seed/*'],
              message: 'the emulator reaches the app over the wire only; app.ts wires the two together.',
            },
          ],
          paths: ['../app.js', '../../app.js'].map((name) => ({ name, message: 'the emulator reaches the app over the wire only.' })),
        },
      ],
    },
  },
  {
    // Only app.ts starts the sandbox. A rule of its own (typescript-eslint's copy of no-restricted-imports), so that
    // it adds to each layer's no-restricted-imports above rather than replacing it.
    files: ['src/**/*.ts'],
    ignores: ['src/app.ts', 'src/sandbox/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/sandbox/*'], message: 'only app.ts imports sandbox/ (the local Slack stand-in).' }] },
      ],
    },
  },
  {
    // Listeners translate between Block Kit and services: every read and write they need is a service's, so none
    // of them imports the database, its schema (types included: services/ re-exports the row types) or drizzle-orm.
    files: ['src/slack/listeners/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/notify/*'], message: 'slack/ gets the outbox as deps.deliverNow; it does not import notify/.' },
            { group: ['**/db/*', 'drizzle-orm', 'drizzle-orm/*'], message: 'listeners call services; they do not read tables.' },
          ],
        },
      ],
    },
  },
);
