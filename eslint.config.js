import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'drizzle/', '.data/', '.test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The sandbox page's script runs in the browser, unbundled.
    files: ['src/sandbox/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', location: 'readonly', history: 'readonly', fetch: 'readonly', EventSource: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
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
);
