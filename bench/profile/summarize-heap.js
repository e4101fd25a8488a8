// Counts objects and bytes per constructor in a .heapsnapshot, divided by the number of streams.
//   node bench/profile/summarize-heap.js <file.heapsnapshot> <streams> [top]
import { readFileSync } from 'node:fs';

const snap = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const streams = Number(process.argv[3] ?? 1);
const top = Number(process.argv[4] ?? 40);
const f = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const width = f.length;
const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
const by = new Map();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += width) {
  const type = types[snap.nodes[i + iType]];
  const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : `(${type})`;
  const size = snap.nodes[i + iSize];
  total += size;
  const e = by.get(`${type}:${name}`) ?? { count: 0, size: 0 };
  e.count++;
  e.size += size;
  by.set(`${type}:${name}`, e);
}
console.log(`heap ${(total / 1048576).toFixed(1)} MB, ${(total / streams / 1024).toFixed(1)} KB per stream`);
for (const [k, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
  console.log(
    `${(e.size / streams).toFixed(0).padStart(7)} B/stream ${(e.count / streams).toFixed(2).padStart(7)} per stream  ${k.slice(0, 100)}`,
  );
}
