// ESLint flat config for the whole repository (`npm run lint` = `eslint .`).
// Type-aware rules are left out on purpose: `npm run typecheck` already runs tsc
// and svelte-check, and a lint pass without type information stays fast.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import lab from './eslint-local/layering.js';

const root = import.meta.dirname;

export default tseslint.config(
  {
    name: 'lab/ignores',
    ignores: ['dist/', 'node_modules/', 'release/', 'test-results/', 'playwright-report/', 'models/builtin/', '.gl/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    name: 'lab/typescript',
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // Under verbatimModuleSyntax `import { type A } from 'x'` still loads 'x'; say `import type` when every name is a type.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `const self = this` is how an object literal's getters reach the instance (ws-host's `connection`).
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
    },
  },
  {
    name: 'lab/rune-modules',
    files: ['**/*.svelte.ts', '**/*.svelte.js'],
    rules: {
      // Rune modules declare reactive state explicitly with $state; a module-level Map of watchers or a
      // promise cache is deliberately not reactive, so SvelteMap/SvelteSet would only add overhead.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    name: 'lab/playwright-fixtures',
    files: ['tests/e2e/**'],
    rules: {
      // Playwright reads a fixture's dependencies from its first parameter, so `async ({}, use)` is required.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    name: 'lab/svelte-typescript',
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    name: 'lab/node-globals',
    files: ['electron/**', 'scripts/**', 'tests/**', 'bench/**', 'models/**', 'eslint-local/**', '*.config.*', 'renderer/*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'lab/browser-globals',
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'lab/layering',
    plugins: { lab },
    rules: { 'lab/layering': ['error', { root }] },
  },
);
