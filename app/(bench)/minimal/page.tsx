import type { Metadata } from 'next';
import { connection } from 'next/server';

// The floor for `npm run bench`: the same root layout, rendered per request like `/`, and nothing
// else, so the benchmark can tell what the homepage itself costs. Harmless to ship; not indexed.
export const metadata: Metadata = { title: 'Benchmark floor', robots: { index: false, follow: false } };

export default async function MinimalPage() {
  await connection();
  return <main className="p-5 text-sm">Benchmark floor: an empty page of this build.</main>;
}
