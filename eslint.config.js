// Lint for the TypeScript (typescript-eslint strict, React hooks, the floors of src/) and the project's Node
// scripts. Run by `npm test` (scripts/test.sh) and `npm run lint`, each with madge's check that no file imports
// itself back through others.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The floors of src/, lowest first (README, Development). A file imports from its own floor and the floors below
// it, never from a floor above. Folders are paths from the project's root; the longest one holding a file is its.
const FLOORS = [
  ['src/runner/plan'],
  ['src/runner/run'],
  ['src/runner/folder', 'src/runner/process', 'src/text', 'src/config', 'src/net'],
  ['src/runner/schedule'],
  ['src/spark', 'src/eta'],
  ['src/lifecycle'],
  ['src/daemon', 'src/headless', 'src/state'],
  ['src/keys', 'src/hooks', 'src/components'],
  ['src/cli'],
  ['cli.tsx'],
];
const ROOT = path.dirname(fileURLToPath(import.meta.url));
const FOLDERS = FLOORS.flatMap((floor, level) => floor.map((folder) => ({ folder, level }))).sort((a, b) => b.folder.length - a.folder.length);

function floorOf(file) {
  const relative = path.relative(ROOT, file).split(path.sep).join('/');
  return FOLDERS.find(({ folder }) => relative === folder || relative.startsWith(`${folder}/`));
}

const floorsPlugin = {
  rules: {
    downward: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const own = floorOf(context.filename);
        if (!own) return {};
        const check = (node) => {
          const source = node.source?.value;
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const target = floorOf(path.resolve(path.dirname(context.filename), source));
          if (target && target.level > own.level) {
            context.report({ node: node.source, message: `${own.folder} is below ${target.folder}: import only from its own floor or below (FLOORS in eslint.config.js).` });
          }
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

// The house's two rules: the core never imports React or Ink; nothing that draws spawns a process.
const UI_FREE = ['src/runner', 'src/spark', 'src/eta', 'src/lifecycle', 'src/daemon', 'src/headless', 'src/text', 'src/config', 'src/net'];
const DRAWS = ['src/state', 'src/keys', 'src/hooks', 'src/components'];
const restricted = (names, message) => ({ paths: names.map((name) => ({ name, message })), patterns: [{ group: names.map((name) => `${name}/*`), message }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.venv/**', 'jars/**', '.tmp/**', 'warehouse/**', '.backfill/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // With noUncheckedIndexedAccess, `list[0]!` after a length check is the honest way to say "present".
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The project parses terminal output: control characters in patterns are its job.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/**/*.{ts,tsx}', 'cli.tsx'],
    plugins: { floors: floorsPlugin },
    rules: { 'floors/downward': 'error' },
  },
  {
    files: UI_FREE.map((folder) => `${folder}/**/*.{ts,tsx}`),
    rules: { 'no-restricted-imports': ['error', restricted(['react', 'ink', 'zustand'], 'the runner and the core never import React, Ink or the React store: only state/, hooks/, components/ and cli/ draw')] },
  },
  {
    files: DRAWS.map((folder) => `${folder}/**/*.{ts,tsx}`),
    rules: { 'no-restricted-imports': ['error', restricted(['execa', 'node:child_process', 'child_process'], 'components never spawn processes: a process is the runner\'s (src/runner/process)')] },
  },
);
