// Two suites: unit (pure maths and parsers, no database) and integration (real PostgreSQL
// from scripts/test.mjs, tRPC callers, worker jobs). End-to-end tests are Playwright's.
import { defineConfig } from 'vitest/config'
import path from 'node:path'

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // next-auth imports Next.js's entry points without the file extension Node's ESM loader needs.
      'next/server': 'next/server.js',
      'next/headers': 'next/headers.js',
      'next/navigation': 'next/navigation.js',
    },
  },
  test: {
    // A forgotten .only would silently skip the rest of the suite in CI.
    allowOnly: false,
    // Run next-auth through Vite (so the aliases above apply to it): tests call Auth.js's routes.
    server: { deps: { inline: ['next-auth'] } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // One database for the suite: files run one after another; each test makes its own users/projects.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
