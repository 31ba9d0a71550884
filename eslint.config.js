import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layeringRule } from './eslint/layering-rule.js';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { local: { rules: { layering: layeringRule } } },
    rules: {
      'local/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['main/**', 'scripts/**', 'bench/**', 'test/**', 'eslint/**', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
  },
);
