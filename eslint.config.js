// Lint for the TypeScript (typescript-eslint strict, React hooks) and the project's Node scripts. Run by
// `npm test` (scripts/test.sh) and `npm run lint`.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
);
