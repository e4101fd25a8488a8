import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/security-headers.js';

const nextConfig: NextConfig = {
  // Several builds can live side by side (tests and benchmarks build into their own folder).
  distDir: process.env.NOWLINE_DIST_DIR || '.next',
  // A self-contained server for containers (.next/standalone/server.js); `next start` wants the
  // ordinary output, so the Dockerfile asks for this one.
  output: process.env.NOWLINE_STANDALONE === '1' ? 'standalone' : undefined,
  // Native and WASM-backed packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg'],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
