// ESLint for the whole tree (npm test runs it; zero warnings allowed): Next.js's rules (React, hooks,
// accessibility, core web vitals) and typescript-eslint's recommended set, no type-aware rules (they
// would cost a full type-check; `tsc` already runs in npm test).
import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', '.next-*/**', 'server/db/generated/**', 'tmp/**', 'data/**', '.venv/**', 'workers/trainer/**', 'next-env.d.ts', '.pgdata/**', 'test-results/**'],
  },
  {
    rules: {
      // `_unused` marks a deliberately ignored value (destructuring a field away, a handler's first argument).
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
]

export default config
