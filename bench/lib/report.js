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
  /** One row: `measured` (kit, or acceptToFrame's 'connect' / self-view) against the scenario's baseline. @param {string} label @param {any} r @param {any} measured */
  const callRow = (label, r, measured) => [
    label,
    num(measured.kit.median),
    num(measured.kit.p95),
    num(r.baseline.median),
    num(r.baseline.p95),
    `${num(measured.ratio, 2)}×`,
    measured.target,
    verdict(measured.meetsTarget),
  ];
  for (const name of ['setup', 'firstFrame', 'acceptToFrame', 'mesh', 'elements']) {
    const r = results[name];
    if (!r) continue;
    if (r.error) {
      errors.push(`${name}: ${r.error}`);
      continue;
    }
    if (name === 'acceptToFrame' && r.connect) calls.push(callRow("acceptToFrame 'connect'", r, r.connect));
    if (name === 'acceptToFrame' && r.selfView?.kit) calls.push(callRow('acceptToFrame, camera open (self-view)', r, r.selfView));
    if (name === 'acceptToFrame' && r.rawConnect?.kit) calls.push(callRow("acceptToFrame, raw code 'connect'", r, r.rawConnect));
    const label = name === 'elements' ? 'elements (base = kit API)' : name === 'acceptToFrame' ? "acceptToFrame 'local'" : name;
    calls.push([...callRow(label, r, r), ...peerCells(r)]);
  }
  if (calls.length > 1) sections.push(table(calls));

  const size = results.size;
  if (size?.error) errors.push(`size: ${size.error}`);
  else if (size) {
    /**
     * One size row: gzip, brotli, minified, ÷ webrtc-adapter (gzip) unless `vsAdapter` is false, target and verdict.
     * @param {string} label @param {{ gzip: number, brotli: number, bytes: number }} m @param {boolean} [vsAdapter] @param {string} [target] @param {boolean | null} [ok]
     */
    const sizeRow = (label, m, vsAdapter = true, target = '', ok = null) => [
      label,
      kb(m.gzip),
      kb(m.brotli),
      kb(m.bytes),
      vsAdapter ? `${num(m.gzip / size.baseline.gzip, 2)}×` : '',
      target,
      ok === null ? '' : verdict(ok),
    ];
    const { newElements: fresh, peers } = size;
    sections.push(
      table([
        ['size', 'gzip', 'brotli', 'minified', '÷ adapter (gzip)', 'target', ''],
        sizeRow('core (src/index.ts)', size.kit),
        ...(size.firstPaint
          ? [
              sizeRow(
                `CDN first paint (meshcall.js + static imports) [${size.firstPaint.files} files]`,
                size.firstPaint,
                true,
                '≤ 30 KB gzip',
                size.meetsFirstPaintTarget,
              ),
              sizeRow(`CDN 1:1 call (Chromium/Firefox) [${size.call.files} files]`, size.call, true, '≤ 60 KB gzip', size.meetsCallTarget),
              sizeRow(`CDN 1:1 call with webrtc-adapter [${size.callWithAdapter.files} files]`, size.callWithAdapter),
              sizeRow(`CDN all-in-one (meshcall.all.js) [${size.allInOne.files} files]`, size.allInOne),
            ]
          : []),
        ...(size.coreWithElements ? [sizeRow('core + elements (CDN estimate)', size.coreWithElements)] : []),
        ...(size.toolsAdd ? [sizeRow('+ pre-join & in-call tools (issue 15)', size.toolsAdd, false)] : []),
        ...(fresh
          ? [
              ...Object.entries(fresh.perElement).map(([tag, m]) => sizeRow(`  own code: <${tag}>`, m, false)),
              sizeRow('  own code: icons', fresh.icons, false, `≤ ${kb(fresh.iconsLimitGzip)}`, fresh.icons.gzip <= fresh.iconsLimitGzip),
            ]
          : []),
        sizeRow('baseline: webrtc-adapter', size.baseline),
        ...(peers
          ? ['peerjs', 'simple-peer'].map((k) =>
              sizeRow(`${k} (${k === peers.best ? 'best peer: ' : ''}core ÷ it ${num(size.kit.gzip / peers[k].gzip, 2)}×)`, peers[k]),
            )
          : []),
      ]),
    );
  }

  const sfuRows = [
    [
      'conference mode (a page per person)',
      'setup median ms',
      'setup p95 ms',
      'upload/person kB/s',
      'CPU/page % core',
      'Janus % core',
      'Chromium browser process %',
    ],
  ];
  for (const name of ['sfu4', 'sfu8']) {
    const r = results[name];
    if (!r) continue;
    if (r.error) errors.push(`${name}: ${r.error}`);
    else if (r.skipped) errors.push(`${name}: skipped, ${r.skipped}`);
    else {
      for (const topology of ['mesh', 'sfu']) {
        const t = r[topology];
        if (!t) continue;
        const cpu = t.cpuPercentOfOneCore;
        sfuRows.push([
          `${name} ${topology === 'sfu' ? 'SFU (Janus)' : 'mesh'}, ${r.people} people`,
          num(t.setupMs.median),
          num(t.setupMs.p95),
          num(t.uploadBytesPerSecond.median / 1000, 1),
          num(cpu.perPage.median, 1),
          num(cpu.janus.median, 1),
          num(cpu.browserProcess.median, 1),
        ]);
      }
      if (r.ratioOf) {
        sfuRows.push([`${name} SFU ÷ mesh`, `${num(r.setupRatio, 2)}×`, '', `${num(r.ratio, 2)}×`, '', '', `${r.target}: ${verdict(r.meetsTarget)}`]);
      }
    }
  }
  if (sfuRows.length > 1) sections.push(table(sfuRows));

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
