import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'static/*/build/**', '.data/**', 'artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The pure core must never reach the platform: it is tested with plain data.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@forge/*'], message: 'src/domain is pure: platform access belongs in src/adapters.' }] }],
    },
  },
  {
    // Product code must not depend on the local platform harness or the test tree.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/dev/**', '**/test/**'], message: 'src/ must not import the harness or tests.' }] }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@forge/*'], message: 'src/domain is pure: platform access belongs in src/adapters.' },
        { group: ['**/dev/**', '**/test/**'], message: 'src/ must not import the harness or tests.' },
        { group: ['../adapters/**', '../triggers/**', '../consumers/**', '../resolvers/**'], message: 'src/domain imports nothing outside itself.' },
      ] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
);
