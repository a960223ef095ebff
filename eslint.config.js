// Lint for the TypeScript (typescript-eslint strict, React hooks, the floors of src/) and the project's Node
// scripts. Run by `npm test` (scripts/test.sh) and `npm run lint`, each with madge's check that no file imports
// itself back through others.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The floors of src/, lowest first (README, Development). A folder imports from its own floor and the floors below
// it, never from a floor above.
const FLOORS = [
  ['plan'],
  ['run'],
  ['folder', 'process', 'text', 'config'],
  ['runner'],
  ['spark', 'eta'],
  ['lifecycle'],
  ['daemon', 'headless', 'state'],
  ['keys', 'hooks', 'components'],
  ['cli'],
];

const floorRules = FLOORS.slice(0, -1).map((floor, level) => {
  const above = FLOORS.slice(level + 1).flat();
  return {
    files: floor.map((folder) => `src/${folder}/**/*.{ts,tsx}`),
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: `^(\\.\\./)+(${above.join('|')})/`, message: `${floor.join('/')} is below ${above.join(', ')}: import only from its own floor or below (see FLOORS).` }] },
      ],
    },
  };
});

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
  ...floorRules,
);
