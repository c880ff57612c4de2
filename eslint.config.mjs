// ESLint with typescript-eslint. The core stays pure: no editor, no transport, no disk, no processes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['action/dist/**', 'out/**', 'dist/**', 'node_modules/**', '.e2e/**', 'test-output/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'fs', 'node:fs', 'child_process', 'node:child_process', 'fs/promises', 'node:fs/promises'].map((name) => ({
            name,
            message: 'server/src/core is pure: hosts pass texts in (see HOUSE-STYLE.md).',
          })),
          patterns: [{ group: ['**/lsp/**', '**/node/**', '**/cli/**'], message: 'The core must not import its hosts.' }],
        },
      ],
    },
  },
  {
    // every regular expression of the server may meet a hostile file: none may backtrack polynomially
    // (a `\s*` across lines made a file of blank lines cubic), or be quadratic when tried at each position
    files: ['server/src/**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'esbuild.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
