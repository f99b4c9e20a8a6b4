// The printed report: one small table per kind of scenario, each with kit and baseline
// figures, the kit/baseline ratio and the target (ok / MISS is information, never a failure).

/** @param {unknown} v @param {number} [digits] */
function num(v, digits = 0) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/** @param {number | null | undefined} bytes */
function kb(bytes) {
  return typeof bytes === 'number' ? `${(bytes / 1024).toFixed(1)} KB` : 'not built';
}

/** @param {unknown} meets */
function verdict(meets) {
  return meets === true ? 'ok' : meets === false ? 'MISS' : '';
}

/** @param {string[][]} rows first row = header */
function table(rows) {
  /** @type {number[]} */
  const widths = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * @param {Record<string, any>} results
 * @returns {string}
 */
export function formatReport(results) {
  /** @type {string[]} */
  const sections = [];
  /** @type {string[]} */
  const errors = [];

  const calls = [['time (ms)', 'kit median', 'kit p95', 'base median', 'base p95', 'kit/base', 'target', '', 'peerjs', 'simple-peer', 'kit/best peer']];
  /** @param {any} r a call scenario's result: medians of the peer libraries and kit ÷ the best of them */
  const peerCells = (r) => (r.peers ? [num(r.peers.peerjs?.median), num(r.peers['simple-peer']?.median), `${num(r.peers.kitRatio, 2)}×`] : []);
  for (const name of ['setup', 'firstFrame', 'acceptToFrame', 'mesh', 'elements']) {
    const r = results[name];
    if (!r) continue;
    if (r.error) {
      errors.push(`${name}: ${r.error}`);
      continue;
    }
    if (name === 'acceptToFrame' && r.connect) {
      const c = r.connect;
      calls.push([
        "acceptToFrame 'connect'",
        num(c.kit.median),
        num(c.kit.p95),
        num(r.baseline.median),
        num(r.baseline.p95),
        `${num(c.ratio, 2)}×`,
        c.target,
        verdict(c.meetsTarget),
      ]);
    }
    const label = name === 'elements' ? 'elements (base = kit API)' : name === 'acceptToFrame' ? "acceptToFrame 'local'" : name;
    calls.push([
      label,
      num(r.kit.median),
      num(r.kit.p95),
      num(r.baseline.median),
      num(r.baseline.p95),
      `${num(r.ratio, 2)}×`,
      r.target,
      verdict(r.meetsTarget),
      ...peerCells(r),
    ]);
  }
  if (calls.length > 1) sections.push(table(calls));

  const size = results.size;
  if (size?.error) errors.push(`size: ${size.error}`);
  else if (size) {
    sections.push(
      table([
        ['size', 'gzip', 'brotli', 'minified', '÷ adapter (gzip)', 'target', ''],
        ['core (src/index.ts)', kb(size.kit.gzip), kb(size.kit.brotli), kb(size.kit.bytes), `${num(size.ratio, 2)}×`, '', ''],
        ...(size.firstPaint
          ? [
              ['CDN first paint (meshcall.js + static imports)', size.firstPaint, '≤ 30 KB gzip', size.meetsFirstPaintTarget],
              ['CDN 1:1 call (Chromium/Firefox)', size.call, '≤ 60 KB gzip', size.meetsCallTarget],
              ['CDN 1:1 call with webrtc-adapter', size.callWithAdapter, '', null],
              ['CDN all-in-one (meshcall.all.js)', size.allInOne, '', null],
            ].map(([label, s, target, ok]) => [
              `${label} [${s.files} files]`,
              kb(s.gzip),
              kb(s.brotli),
              kb(s.bytes),
              `${num(s.gzip / size.baseline.gzip, 2)}×`,
              target,
              ok === null ? '' : verdict(ok),
            ])
          : []),
        ...(size.coreWithElements
          ? [
              [
                'core + elements (CDN estimate)',
                kb(size.coreWithElements.gzip),
                kb(size.coreWithElements.brotli),
                kb(size.coreWithElements.bytes),
                `${num(size.coreWithElements.gzip / size.baseline.gzip, 2)}×`,
                '',
                '',
              ],
            ]
          : []),
        ...(size.toolsAdd
          ? [['+ pre-join & in-call tools (issue 15)', kb(size.toolsAdd.gzip), kb(size.toolsAdd.brotli), kb(size.toolsAdd.bytes), '', '', '']]
          : []),
        ...(size.newElements
          ? [
              ...Object.entries(size.newElements.perElement).map(([tag, m]) => [`  own code: <${tag}>`, kb(m.gzip), kb(m.brotli), kb(m.bytes), '', '', '']),
              [
                '  own code: icons',
                kb(size.newElements.icons.gzip),
                kb(size.newElements.icons.brotli),
                kb(size.newElements.icons.bytes),
                '',
                `≤ ${kb(size.newElements.iconsLimitGzip)}`,
                verdict(size.newElements.icons.gzip <= size.newElements.iconsLimitGzip),
              ],
            ]
          : []),
        ['baseline: webrtc-adapter', kb(size.baseline.gzip), kb(size.baseline.brotli), kb(size.baseline.bytes), '1.00×', '', ''],
        ...(size.peers
          ? ['peerjs', 'simple-peer'].map((k) => {
              const p = size.peers[k];
              return [
                `${k} (${k === size.peers.best ? 'best peer: ' : ''}core ÷ it ${num(size.kit.gzip / p.gzip, 2)}×)`,
                kb(p.gzip),
                kb(p.brotli),
                kb(p.bytes),
                `${num(p.gzip / size.baseline.gzip, 2)}×`,
                '',
                '',
              ];
            })
          : []),
      ]),
    );
  }

  const leaks = results.leaks;
  if (leaks?.error) errors.push(`leaks: ${leaks.error}`);
  else if (leaks) {
    const rows = [['leaks (at rest, after GC)', 'open pcs', 'retained pcs', 'live tracks', 'timers', 'heap MB']];
    for (const side of /** @type {const} */ (['kit', 'baseline'])) {
      for (const p of leaks[side].after) {
        rows.push([
          `${side} after call ${p.call}`,
          num(p.openPeerConnections),
          num(p.retainedPeerConnections),
          num(p.liveTracks),
          num(p.pendingTimers),
          num(p.heapUsedBytes / 1e6, 2),
        ]);
      }
    }
    sections.push(
      `${table(rows)}\nheap growth per call: kit ${num(leaks.kit.heapGrowthPerCallBytes)} B, baseline ${num(leaks.baseline.heapGrowthPerCallBytes)} B; ` +
        `heap kit/base ${num(leaks.ratio, 2)}×; target ${leaks.target}: ${verdict(leaks.meetsTarget) || '—'}`,
    );
  }

  const relay = results.relay;
  if (relay?.error) errors.push(`relay: ${relay.error}`);
  else if (relay) {
    const rows = [['relay (localhost)', 'relay msg/s', 'relay p99 ms', 'bare msg/s', 'bare p99 ms', 'p99 kit/base', 'msg/s kit/base']];
    relay.kit.byPairs.forEach((/** @type {any} */ k, /** @type {number} */ i) => {
      const b = relay.baseline.byPairs[i];
      rows.push([
        `${k.pairs} pair${k.pairs === 1 ? '' : 's'}`,
        num(k.perSecond),
        num(k.p99Ms, 2),
        num(b.perSecond),
        num(b.p99Ms, 2),
        `${num(k.p99Ms / b.p99Ms, 2)}×`,
        `${num(k.perSecond / b.perSecond, 2)}×`,
      ]);
    });
    sections.push(table(rows));
  }
  if (errors.length > 0) sections.push(`could not run:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return sections.join('\n\n');
}

/**
 * Per-call stretches between steps and frames sent, kit next to baseline.
 * @param {{ intervals: { kit: Record<string, number>, baseline: Record<string, number> }, framesSentPerCall: { kit: Record<string, number>, baseline: Record<string, number> } }} result
 * @param {[string, string]} [names]
 */
export function formatIntervals(result, names = ['kit', 'baseline']) {
  const { intervals, framesSentPerCall: sent } = result;
  const keys = [...new Set([...Object.keys(intervals.kit), ...Object.keys(intervals.baseline)])];
  const types = [...new Set([...Object.keys(sent.kit), ...Object.keys(sent.baseline)])];
  return table([
    ['median per call (ms)', ...names],
    ...keys.map((k) => [k, num(intervals.kit[k], 1), num(intervals.baseline[k], 1)]),
    ...types.map((t) => [`relay frames sent: ${t}`, num(sent.kit[t] ?? 0), num(sent.baseline[t] ?? 0)]),
  ]);
}

/**
 * The median time of each signaling step, kit next to baseline.
 * @param {{ kit: Record<string, number>, baseline: Record<string, number> }} steps
 * @param {[string, string]} [names] column titles
 */
export function formatSteps(steps, names = ['kit', 'baseline']) {
  const all = [...new Set([...Object.keys(steps.kit), ...Object.keys(steps.baseline)])];
  const at = (/** @type {string} */ n) => steps.kit[n] ?? steps.baseline[n] ?? Infinity;
  all.sort((a, b) => at(a) - at(b));
  return table([['step (median ms since call())', ...names], ...all.map((n) => [n, num(steps.kit[n], 1), num(steps.baseline[n], 1)])]);
}
