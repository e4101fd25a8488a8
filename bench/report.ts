// The figures as rows (ours, the floor's, the ratio, the target, met or missed), as a terminal
// table and as docs/benchmarks.md.
// One file because one Row shape is built here and rendered three ways (terminal, README summary,
// docs): a figure's wording and its renderings change together.
import type { FanoutLevel, IngestResult, LighthouseRun, PageResult, PollingResult, ScreenResult } from './scenarios';
import { round } from './stats';

export interface Row {
  section: string;
  figure: string;
  value: number | null;
  reference: number | null;
  referenceLabel?: string;
  ratio: number | null;
  target: string;
  /** null: recorded, no target. */
  pass: boolean | null;
}

export interface BenchResults {
  machine: {
    cores: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    date: string;
    loadAverageAtStart: number[];
    openFilesLimit: number;
  };
  options: unknown;
  fanout: { streams: number; nowline: FanoutLevel; reference: FanoutLevel }[];
  ingest: IngestResult[];
  page: PageResult | null;
  screen: ScreenResult | null;
  polling: PollingResult | null;
  notes: string[];
  rows?: Row[];
  seconds?: number;
}

const ratio = (a: number | null, b: number | null) =>
  a === null || b === null || !b || !Number.isFinite(a) || !Number.isFinite(b) ? null : a / b;

function row(
  section: string,
  figure: string,
  value: number | null,
  reference: number | null,
  target: string,
  pass: boolean | null,
  referenceLabel?: string,
): Row {
  return { section, figure, value, reference, referenceLabel, ratio: ratio(value, reference), target, pass };
}

export function buildRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const maxLevel = Math.max(...r.fanout.map((f) => f.streams), 0);
  for (const { streams, nowline: n, reference: ref } of r.fanout) {
    const s = `SSE fan-out, ${streams.toLocaleString('en')} streams`;
    const allOpen = n.open === streams && n.closedEarly === 0;
    rows.push(row(s, 'streams held open', n.open, ref.open, `all ${streams.toLocaleString('en')}`, allOpen));
    rows.push(
      row(
        s,
        'changes delivered to every stream',
        n.deliveredToAll,
        ref.deliveredToAll,
        `all ${n.changes}`,
        n.deliveredToAll === n.changes,
      ),
    );
    rows.push(row(s, 'delivery p50 per client (ms)', n.latency.p50, ref.latency.p50, '—', null));
    rows.push(row(s, 'delivery p99 per client (ms)', n.latency.p99, ref.latency.p99, '—', null));
    const toAll = n.toAll.count ? n.toAll.p99 : null;
    const refToAll = ref.toAll.count ? ref.toAll.p99 : null;
    rows.push(
      row(
        s,
        'p99 time until all have a change (ms)',
        toAll,
        refToAll,
        '< 250 and ≤ 2× floor',
        toAll !== null && refToAll !== null && toAll < 250 && toAll <= 2 * refToAll,
      ),
    );
    rows.push(
      row(
        s,
        'server RSS per idle stream after GC (KB)',
        n.memPerStreamKb,
        ref.memPerStreamKb,
        '< 16',
        n.memPerStreamKb < 16,
      ),
    );
    rows.push(row(s, 'server heap per idle stream after GC (KB)', n.heapPerStreamKb, ref.heapPerStreamKb, '—', null));
    rows.push(
      row(
        s,
        'idle CPU (% of one core)',
        n.idleCpuPercent,
        ref.idleCpuPercent,
        streams === maxLevel ? '< 5' : '—',
        streams === maxLevel ? n.idleCpuPercent < 5 : null,
      ),
    );
  }
  for (const i of r.ingest) {
    const s = `Ingest, ${i.database}, ${i.concurrency} in flight`;
    rows.push(row(s, 'changes/s, no streams', i.idle.rps, null, '≥ 1,000', i.idle.rps >= 1000 && i.idle.errors === 0));
    rows.push(row(s, 'p99 latency, no streams (ms)', i.idle.latency.p99, null, '< 20', i.idle.latency.p99 < 20));
    rows.push(
      row(
        s,
        `changes/s, ${i.streams.toLocaleString('en')} streams open`,
        i.withStreams.rps,
        i.idle.rps,
        '≥ 1,000 and ≥ 0.8× no streams',
        i.withStreams.rps >= 1000 && i.withStreams.rps >= 0.8 * i.idle.rps,
        'no streams',
      ),
    );
    rows.push(
      row(
        s,
        `p99 latency, ${i.streams.toLocaleString('en')} streams open (ms)`,
        i.withStreams.latency.p99,
        i.idle.latency.p99,
        '< 20',
        i.withStreams.latency.p99 < 20,
        'no streams',
      ),
    );
    rows.push(
      row(
        s,
        `frames per stream for ${i.withStreams.requests.toLocaleString('en')} changes`,
        i.framesMax,
        i.framesAllowed,
        `≤ ${i.framesAllowed} (one per 50 ms)`,
        i.framesMax <= i.framesAllowed,
        'allowed',
      ),
    );
    rows.push(
      row(
        s,
        'streams whose last frame has the last change',
        i.streamsWithFinal,
        i.streams,
        'all',
        i.finalMarkerOk,
        'streams',
      ),
    );
  }
  if (r.page) {
    const p = r.page;
    const s = 'Page /';
    rows.push(
      row(
        s,
        `requests/s at concurrency 32${p.homeCache === 'hit' ? ', from the page cache' : ''}`,
        p.home.rps,
        p.minimal.rps,
        '≥ 10× floor, from the page cache',
        p.home.rps >= 10 * p.minimal.rps && p.home.errors === 0 && p.homeCache === 'hit',
        '/minimal',
      ),
    );
    rows.push(row(s, 'p99 latency (ms)', p.home.latency.p99, p.minimal.latency.p99, '—', null, '/minimal'));
    rows.push(
      row(
        s,
        'first-load JS, gzipped (KB)',
        p.homeJsKb,
        p.minimalJsKb,
        '≤ floor + 15',
        p.homeJsKb <= p.minimalJsKb + 15,
        'empty page',
      ),
    );
    const lh = p.lighthouse;
    const floor = p.lighthouseFloor ?? null;
    const lhRow = (key: string, label: string, min: number) =>
      rows.push(
        row(s, `Lighthouse mobile: ${label}`, lh?.[key] ?? null, floor?.[key] ?? null, `≥ ${min}`, lh ? (lh[key] ?? 0) >= min : false, '/minimal'),
      );
    const runs = p.lighthouseRuns?.length ?? 1;
    lhRow('performance', runs > 1 ? `performance (median of ${runs})` : 'performance', 98);
    lhRow('accessibility', 'accessibility', 100);
    lhRow('best-practices', 'best practices', 100);
    lhRow('seo', 'SEO', 100);
    for (const [key, label] of [
      ['first-contentful-paint', 'FCP (ms)'],
      ['largest-contentful-paint', 'LCP (ms)'],
      ['total-blocking-time', 'TBT (ms)'],
    ] as const)
      if (lh?.[key] !== undefined) rows.push(row(s, `Lighthouse mobile: ${label}`, lh[key], floor?.[key] ?? null, '—', null, '/minimal'));
    if (lh?.['cumulative-layout-shift'] !== undefined)
      rows.push(row(s, 'Lighthouse mobile: CLS', lh['cumulative-layout-shift'], null, '0', lh['cumulative-layout-shift'] === 0));
  }
  if (r.screen) {
    const s = `Report to screen (${r.screen.changes} changes, Chromium)`;
    rows.push(
      row(s, 'POST sent → text in the DOM, p50 (ms)', r.screen.latency.p50, null, '< 50', r.screen.latency.p50 < 50),
    );
    rows.push(
      row(
        s,
        'POST sent → text in the DOM, p99 (ms)',
        r.screen.latency.p99,
        null,
        '< 150',
        r.screen.latency.p99 < 150 && r.screen.seen === r.screen.changes,
      ),
    );
  }
  if (r.polling) {
    const p = r.polling;
    const s = 'One visitor-hour (a change a minute)';
    const polled = 'polling 5 s, If-None-Match';
    const target = '≤ 0.05× polling (20× fewer)';
    rows.push(
      row(
        s,
        'bytes, SSE (KB)',
        p.sse.bytesPerHour / 1024,
        p.polling.bytesPerHour / 1024,
        target,
        p.ratio >= 20,
        polled,
      ),
    );
    rows.push(
      row(
        s,
        `bytes, SSE ending every ${p.capped.lifetimeSeconds} s (KB)`,
        p.capped.bytesPerHour / 1024,
        p.polling.bytesPerHour / 1024,
        target,
        p.ratioCapped >= 20,
        polled,
      ),
    );
    rows.push(row(s, 'requests, SSE', p.sse.requestsPerHour, p.polling.requestsPerHour, '—', null, 'polling 5 s'));
    rows.push(
      row(
        s,
        `requests, SSE ending every ${p.capped.lifetimeSeconds} s`,
        p.capped.requestsPerHour,
        p.polling.requestsPerHour,
        '—',
        null,
        'polling 5 s',
      ),
    );
  }
  return rows;
}

function fmt(v: number | null, digits = 1): string {
  const x = round(v, digits);
  if (x === null) return '—';
  return Math.abs(x) >= 1000 ? x.toLocaleString('en', { maximumFractionDigits: 0 }) : String(x);
}

const verdict = (pass: boolean | null) => (pass === null ? '' : pass ? 'met' : 'MISSED');

function cells(r: Row): string[] {
  const ref = r.reference === null ? '—' : `${fmt(r.reference)}${r.referenceLabel ? ` (${r.referenceLabel})` : ''}`;
  return [r.figure, fmt(r.value), ref, r.ratio === null ? '—' : `${fmt(r.ratio, 2)}×`, r.target, verdict(r.pass)];
}

export function renderTable(rows: Row[]): string {
  const header = ['figure', 'Nowline', 'reference', 'ratio', 'target', 'result'];
  const lines: string[][] = [];
  let section = '';
  const body: (string[] | string)[] = [];
  for (const r of rows) {
    if (r.section !== section) body.push((section = r.section));
    const c = cells(r);
    lines.push(c);
    body.push(c);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const pad = (c: string[]) =>
    c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ');
  const out = [pad(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const b of body) out.push(typeof b === 'string' ? `\n${b}` : pad(b));
  return out.join('\n');
}

/**
 * What the run says in a few sentences, every figure from this run: the ratios to the floor
 * measured beside it, and every target it missed. Heads docs/benchmarks.md and is copied into
 * README.md, so neither quotes a figure no run produced.
 */
export function renderSummary(r: BenchResults): string[] {
  const out: string[] = [];
  const n = (v: number | null | undefined, digits = 1) => fmt(v ?? null, digits);
  const verdictOf = (pass: boolean | null) => (pass ? 'met' : 'missed');
  const rowOf = (section: string, figure: string) =>
    r.rows?.find((x) => x.section.startsWith(section) && x.figure.startsWith(figure));
  for (const f of r.fanout) {
    const toAll = rowOf(`SSE fan-out, ${f.streams.toLocaleString('en')} streams`, 'p99 time until all');
    out.push(
      `- **${f.streams.toLocaleString('en')} streams:** every change reached every stream within ${n(f.nowline.toAll.p99)} ms (p99), ` +
        `${n(toAll?.ratio, 2)}× the bare \`node:http\` floor's ${n(f.reference.toAll.p99)} ms in the same run (target < 250 ms and ≤ 2×: ${verdictOf(toAll?.pass ?? null)}); ` +
        `${n(f.nowline.memPerStreamKb)} KB of RSS and ${n(f.nowline.heapPerStreamKb)} KB of heap per idle stream after a forced GC ` +
        `(floor ${n(f.reference.memPerStreamKb)} KB and ${n(f.reference.heapPerStreamKb)} KB).`,
    );
  }
  for (const i of r.ingest) {
    out.push(
      `- **Ingest on ${i.database}:** ${n(i.idle.rps, 0)} changes/s at p99 ${n(i.idle.latency.p99)} ms with no stream open, ` +
        `${n(i.withStreams.rps, 0)}/s at p99 ${n(i.withStreams.latency.p99)} ms with ${i.streams.toLocaleString('en')} streams open ` +
        `(${n(i.withStreams.rps / i.idle.rps, 2)}×; targets ≥ 1,000/s, p99 < 20 ms, ≥ 0.8× with streams)` +
        `${i.loadAverage ? `; one-minute load average ${i.loadAverage.join(' and ')} as the two runs began, on 2 cores` : ''}.`,
    );
  }
  if (r.polling) {
    const p = r.polling;
    out.push(
      `- **A visitor-hour against polling every 5 s with If-None-Match:** ${n(p.sse.bytesPerHour / 1024)} KB over SSE ` +
        `(${n(p.ratio)}× fewer bytes than polling's ${n(p.polling.bytesPerHour / 1024)} KB), ${n(p.capped.bytesPerHour / 1024)} KB when streams end every ` +
        `${p.capped.lifetimeSeconds} s and reconnect (${n(p.ratioCapped)}× fewer; target 20× fewer).`,
    );
  }
  const missed = (r.rows ?? []).filter((x) => x.pass === false);
  out.push('');
  out.push(
    missed.length
      ? `Targets missed in this run (${missed.length} of ${(r.rows ?? []).filter((x) => x.pass !== null).length}): ` +
          missed
            .map(
              (x) => `${x.section.replace(/,? \d+ in flight/, '')} — ${x.figure} ${fmt(x.value)} (target ${x.target})`,
            )
            .join('; ') +
          '.'
      : 'Every target was met in this run.',
  );
  return out;
}

export function renderMarkdown(r: BenchResults, notes: string): string {
  const m = r.machine;
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    'Written by `npm run bench` (bench/run.ts); the figures below come from one real run. Each figure is measured',
  );
  out.push('against a floor measured in the same run, on the same machine, with the same client.');
  out.push('');
  out.push(`- Date: ${m.date}`);
  out.push(
    `- Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB memory, ${m.platform}; shared with other builds and tests while it ran (load average ${m.loadAverageAtStart.join(' / ')} at the start)`,
  );
  out.push(
    `- Node ${m.node}; open-files limit ${m.openFilesLimit}; run time ${r.seconds ? Math.round(r.seconds) : '?'} s`,
  );
  out.push('');
  out.push('## What this run says');
  out.push('');
  out.push(...renderSummary(r));
  out.push('');
  out.push('## Every figure of this run');
  out.push('');
  out.push('| figure | Nowline | reference | ratio | target | result |');
  out.push('|---|---:|---:|---:|---|---|');
  let section = '';
  for (const row of r.rows ?? []) {
    if (row.section !== section) {
      section = row.section;
      out.push(`| **${section}** | | | | | |`);
    }
    const c = cells(row);
    c[5] = row.pass === null ? '' : row.pass ? '✅ met' : '❌ missed';
    out.push(`| ${c.join(' | ')} |`);
  }
  out.push('');
  if (r.fanout.length) {
    out.push('### SSE fan-out details');
    out.push('');
    out.push(
      '| streams | server | connect (s) | RSS before → after, after GC (MB) | RSS KB/stream | heap before → after (MB) | heap KB/stream | idle CPU % | pings/stream | delivery p50 / p99 (ms) | to all p50 / p99 (ms) |',
    );
    out.push('|---:|---|---:|---|---:|---|---:|---:|---:|---|---|');
    for (const f of r.fanout) {
      for (const x of [f.reference, f.nowline]) {
        out.push(
          `| ${f.streams.toLocaleString('en')} | ${x.target} | ${fmt(x.connectSeconds)} | ${fmt(x.rssBeforeMb)} → ${fmt(x.rssAfterMb)} | ${fmt(x.memPerStreamKb)} | ${fmt(x.heapBeforeMb)} → ${fmt(x.heapAfterMb)} | ${fmt(x.heapPerStreamKb)} | ${fmt(x.idleCpuPercent, 2)} | ${fmt(x.pings)} | ${fmt(x.latency.p50)} / ${fmt(x.latency.p99)} | ${fmt(x.toAll.p50)} / ${fmt(x.toAll.p99)} |`,
        );
      }
    }
    out.push('');
  }
  if (r.page) {
    out.push('### Page details');
    out.push('');
    const extra = Object.entries(r.page.extraChunks).sort((a, b) => b[1] - a[1]);
    out.push(
      `- \`/\` loads ${r.page.homeScripts} scripts, the empty page ${r.page.minimalScripts}. Chunks only \`/\` loads (KB gzipped): ${extra.length ? extra.map(([src, kb]) => `\`${src.split('/').pop()}\` ${fmt(kb)}`).join(', ') : 'none'}.`,
    );
    const lh = r.page.lighthouse;
    if (lh) {
      const metric = (key: string, digits: number) => fmt(lh[key] ?? null, digits);
      out.push(
        `- Lighthouse (mobile, simulated throttling): FCP ${metric('first-contentful-paint', 0)} ms, LCP ${metric('largest-contentful-paint', 0)} ms, TBT ${metric('total-blocking-time', 0)} ms, CLS ${metric('cumulative-layout-shift', 3)}.`,
      );
    }
    const describeRuns = (runs: LighthouseRun[]) =>
      runs
        .map(
          ({ scores: x, loadAverage }) =>
            `${x.performance}/${x.accessibility}/${x['best-practices']}/${x.seo}, LCP ${fmt(x['largest-contentful-paint'] ?? null, 0)} ms, TBT ${fmt(x['total-blocking-time'] ?? null, 0)} ms, load ${loadAverage.toFixed(2)}`,
        )
        .join('; ');
    if (r.page.lighthouseRuns?.length)
      out.push(
        `- Lighthouse runs on \`/\` (performance/accessibility/best practices/SEO, LCP, TBT, the 1-minute load average as each started; the table gives their median): ${describeRuns(r.page.lighthouseRuns)}.`,
      );
    if (r.page.lighthouseFloorRuns?.length)
      out.push(`- The same on \`/minimal\`, in turns with \`/\`: ${describeRuns(r.page.lighthouseFloorRuns)}.`);
    for (const f of r.page.lighthouseFailures ?? []) out.push(`- Lighthouse lost points on ${f}.`);
    if (r.page.lighthouseError) out.push(`- Lighthouse did not run: ${r.page.lighthouseError}`);
    out.push('');
  }
  if (r.polling) {
    const p = r.polling;
    const parts = (o: Record<string, number>) =>
      Object.entries(o)
        .map(([k, v]) => `${k} ${Math.round(v).toLocaleString('en')} B`)
        .join(', ');
    const rc = p.reconnect;
    out.push('### One visitor-hour, byte by byte');
    out.push('');
    out.push(`Request headers as sent by: ${p.requestsFrom}. HTTP bytes only (TCP/TLS framing not counted).`);
    out.push('');
    out.push(`- SSE, streams that never end: ${parts(p.sse.parts)}`);
    out.push(
      `- SSE, streams ending every ${p.capped.lifetimeSeconds} s: ${fmt(p.capped.connectionsPerHour)} connections an hour; ${parts(p.capped.parts)}`,
    );
    out.push(`- Polling every 5 s with If-None-Match (60 answers 200, 660 answer 304): ${parts(p.polling.parts)}`);
    out.push(`- Polling every 5 s without a validator (720 answers 200): ${parts(p.pollingUnconditional.parts)}`);
    out.push(
      `- Reconnects counted on a server whose streams end after ${rc.lifetimeSeconds} s (heartbeat ${rc.heartbeatSeconds} s), a client reconnecting as EventSource does for ${rc.seconds} s: ` +
        `${rc.connections} connections, streams lived ${rc.lifetimes.map((l) => fmt(l, 2)).join(', ')} s, \`retry\` ${rc.retryMs} ms; ` +
        `each reconnect ${parts(rc.handshake)}.`,
    );
    out.push('');
  }
  if (r.notes.length) {
    out.push('### Notes from this run');
    out.push('');
    for (const n of r.notes) out.push(`- ${n}`);
    out.push('');
  }
  if (notes.trim()) {
    out.push('---', '');
    out.push(
      '*Below: bench/notes.md, written by hand — the method, and findings with the figures of the runs they name. Only the part above comes from this run.*',
      '',
    );
    out.push(notes.trim(), '');
  }
  return out.join('\n');
}
