import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS, SECURITY_HEADERS, SVG_CARD_CONTENT_SECURITY_POLICY } from './lib/security-headers.js';

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // Several builds can live side by side (tests and benchmarks build into their own folder).
  distDir: process.env.NOWLINE_DIST_DIR || '.next',
  // A self-contained server for containers (.next/standalone/server.js); `next start` wants the
  // ordinary output, so the Dockerfile asks for this one.
  output: process.env.NOWLINE_STANDALONE === '1' ? 'standalone' : undefined,
  // Native and WASM-backed packages are loaded from node_modules at run time, not bundled; so is ws
  // (the Lanyard importer's socket), whose optional native helpers a bundler would try to resolve.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'ws'],
  // The link-preview card picks its font files by the text it draws, which the tracer cannot see: it
  // would take the whole font package (76 MB); the card reads the two weights' WOFF files (10 MB).
  outputFileTracingIncludes: {
    '/og.png': ['./node_modules/@fontsource/noto-sans-sc/unicode.json', './node_modules/@fontsource/noto-sans-sc/files/*-{400,700}-normal.woff'],
  },
  outputFileTracingExcludes: {
    '*': ['./node_modules/@fontsource/noto-sans-sc/{*.css,scss/**,files/*.woff2,files/*-{100,200,300,500,600,800,900}-normal.woff}'],
  },
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: asList(COMMON_SECURITY_HEADERS) },
      // Data routes get a policy that allows nothing; pages get theirs, with a nonce, from proxy.ts.
      { source: '/api/:path*', headers: asList(SECURITY_HEADERS) },
      // Later rules win for the same header; a route handler's own value would not.
      { source: '/api/card.svg', headers: asList({ 'Content-Security-Policy': SVG_CARD_CONTENT_SECURITY_POLICY }) },
      { source: '/(sitemap.xml|robots.txt)', headers: asList({ 'Content-Security-Policy': API_CONTENT_SECURITY_POLICY }) },
      // Fonts in public/fonts carry their version in the name (scripts/build-emoji-font.ts).
      { source: '/fonts/:path*', headers: asList({ 'Cache-Control': 'public, max-age=31536000, immutable' }) },
    ];
  },
};

export default nextConfig;
