import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { files: ['next.config.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    ignores: ['node_modules/**', '.next/**', '.data/**', 'lib/db/generated/**', 'public/**', 'test-results/**', 'bench/tmp/**', 'next-env.d.ts'],
  },
];

export default config;
