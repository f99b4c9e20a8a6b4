// Relay fuzzing (issue 11, item 1): `npm start`'s server/main.js runs as a child process
// with a secret, a real 1:1 call runs through it in headless Chromium, and authenticated
// clients throw >= 10,000 generated frames at it: nesting up to 100,000 levels, huge arrays,
// odd numbers, invalid UTF-8, binary, prototype keys, fragmented messages, malformed
// WebSocket frames written to the raw socket, and every size up to (and past) the 64 KB cap.
// The process must never exit, and the call must still be up and hang up normally after.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { createToken } from '../../server/relay.js';
import { bundleForTest, callPage, hangUp, placeCall, startPageServer } from './call-pages.js';
import { launchChromium, openPage, sessionState } from './page-helpers.js';
import { within } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'fuzz-secret';
const FRAMES = Number(process.env.MESHCALL_FUZZ_FRAMES ?? 10_000);
const FUZZERS = 24;
/** Per fuzzing socket: under the relay's 50/s limit, so nearly every frame is really parsed. */
const FRAMES_PER_SECOND = 45;
const CAP = 64 * 1024;
const SEED = Number(process.env.MESHCALL_FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Users the fuzzers write to: each other, the call's two users, nobody, and prototype names. */
const TARGETS = ['f0', 'f1', 'f7', 'alice', 'bob', 'nobody', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];

/**
 * @typedef {{ kind: string, data: string | Buffer, binary?: boolean, fragments?: number, raw?: boolean }} Shot
 *   raw: `data` is written to the TCP socket as is (malformed WebSocket framing)
 */

/** @param {string} to @param {string} msgText */
const frameText = (to, msgText) => `{"to":${JSON.stringify(to)},"msg":${msgText}}`;
const target = fc.constantFrom(...TARGETS);

/** @type {fc.Arbitrary<Shot>} */
const deep = fc
  .record({
    to: target,
    // Mostly within the 64 KB cap (up to ~32,000 levels fit); some past it, up to 100,000.
    depth: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 8_000 }), weight: 9 }, { arbitrary: fc.integer({ min: 1, max: 100_000 }), weight: 1 }),
    style: fc.constantFrom('[', '{"a":', '[{"b":'),
  })
  .map(({ to, depth, style }) => {
    const close = style === '[' ? ']' : style === '{"a":' ? '}' : '}]';
    return { kind: 'deep', data: frameText(to, `{"n":${style.repeat(depth)}0${close.repeat(depth)}}`) };
  });

/** @type {fc.Arbitrary<Shot>} */
const hugeArray = fc
  .record({
    to: target,
    n: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 12_000 }), weight: 9 }, { arbitrary: fc.integer({ min: 12_000, max: 40_000 }), weight: 1 }),
    item: fc.constantFrom('0', '[]', '{}', '""', 'null'),
  })
  .map(({ to, n, item }) => ({ kind: 'huge-array', data: frameText(to, `{"a":[${Array(n).fill(item).join(',')}]}`) }));

const ODD_NUMBERS = ['1e400', '-1e400', '-0', '1e-400', '123456789012345678901234567890', '-1E+308', '0.1e-7', '4.9e-324', '9007199254740993'];
const INVALID_NUMBERS = ['01', 'NaN', 'Infinity', '-Infinity', '0x10', '1.', '.5', '+1', '1e', '--1'];
/** @type {fc.Arbitrary<Shot>} */
const oddNumbers = fc
  .record({ to: target, values: fc.array(fc.constantFrom(...ODD_NUMBERS, ...INVALID_NUMBERS), { minLength: 1, maxLength: 8 }) })
  .map(({ to, values }) => ({ kind: 'numbers', data: frameText(to, `{"v":[${values.join(',')}],"seq":${values[0]}}`) }));

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
/** @type {fc.Arbitrary<Shot>} */
const protoKeys = fc.record({ to: target, key: fc.constantFrom(...PROTO_KEYS), where: fc.integer({ min: 0, max: 4 }) }).map(({ to, key, where }) => {
  const k = JSON.stringify(key);
  const texts = [
    `{${k}:{"to":${JSON.stringify(to)},"msg":{}}}`,
    frameText(to, `{${k}:{"polluted":true},"type":"call"}`),
    `{"to":${JSON.stringify(to)},"msg":{},${k}:{"to":"bob"}}`,
    `{"to":${JSON.stringify(key)},"msg":{${k}:null}}`,
    `{${k}:1,${k}:2,"to":${JSON.stringify(to)},"msg":{"constructor":{"prototype":{"x":1}}}}`,
  ];
  return { kind: 'proto', data: /** @type {string} */ (texts[where]) };
});

/** Lone surrogates and other strings JSON allows but UTF-8 cannot hold. @type {fc.Arbitrary<Shot>} */
const oddStrings = fc
  .record({ to: target, s: fc.string({ unit: 'binary', maxLength: 200 }), escape: fc.constantFrom('\\ud800', '\\udfff', '\\u0000', '\\uffff', '\\"', '\\\\') })
  .map(({ to, s, escape }) => ({ kind: 'strings', data: frameText(to, `{"s":${JSON.stringify(s)},"e":"${escape}${escape}"}`) }));

/** Text frames that are not UTF-8. @type {fc.Arbitrary<Shot>} */
const invalidUtf8 = fc
  .record({
    to: target,
    bad: fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xfe, 0xfe, 0xff]),
  })
  .map(({ to, bad }) => ({ kind: 'invalid-utf8', data: Buffer.concat([Buffer.from(`{"to":"${to}","msg":{"s":"`), Buffer.from(bad), Buffer.from('"}}')]) }));

/** @type {fc.Arbitrary<Shot>} */
const binary = fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ kind: 'binary', data: Buffer.from(bytes), binary: true }));

/** Random JSON (any shape) as the frame or as its msg. @type {fc.Arbitrary<Shot>} */
const randomJson = fc
  .record({ to: target, json: fc.json({ maxDepth: 40 }), whole: fc.boolean() })
  .map(({ to, json, whole }) => ({ kind: 'json', data: whole ? json : frameText(to, json) }));

/** A well-formed frame padded to any size up to a little past the cap. @type {fc.Arbitrary<Shot>} */
const sized = fc
  .record({
    to: target,
    size: fc.oneof({ arbitrary: fc.integer({ min: 0, max: CAP }), weight: 9 }, { arbitrary: fc.integer({ min: CAP, max: CAP + 512 }), weight: 1 }),
  })
  .map(({ to, size }) => {
    const head = frameText(to, '{"pad":"');
    return { kind: 'sized', data: `${head}${'x'.repeat(Math.max(0, size - head.length - 3))}"}}` };
  });

/** Malformed WebSocket framing written straight to the TCP socket. @type {fc.Arbitrary<Shot>} */
const rawFrames = fc
  .constantFrom(
    [0xf1, 0x80, 0, 0, 0, 0], // reserved bits set
    [0x83, 0x80, 0, 0, 0, 0], // unknown opcode 3
    [0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f], // unmasked client frame
    [0x09, 0x80, 0, 0, 0, 0], // fragmented ping
    [0x89, 0xfe, 0x00, 0x80], // ping longer than 125 bytes
    [0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // 2^63 length
    [0x80, 0x80, 0, 0, 0, 0], // continuation with nothing to continue
    [0x88, 0x81, 0, 0, 0, 0, 0x01], // close with a 1-byte body
  )
  .map((bytes) => ({ kind: 'raw-ws', data: Buffer.from(bytes), raw: true }));

/** Any of the above text shots, split into 2–6 WebSocket fragments. @type {fc.Arbitrary<Shot>} */
const fragmented = fc
  .record({ shot: fc.oneof(deep, protoKeys, oddNumbers, sized, randomJson), fragments: fc.integer({ min: 2, max: 6 }) })
  .map(({ shot, fragments }) => ({ ...shot, kind: `fragmented-${shot.kind}`, fragments }));

/**
 * Shots that make the relay close the socket (bad framing, invalid UTF-8, over the cap) cost a
 * reconnect each, so they are a few percent of the mix: enough of each, and the run stays short.
 * @type {fc.Arbitrary<Shot>}
 */
const shot = fc.oneof(
  { arbitrary: deep, weight: 6 },
  { arbitrary: hugeArray, weight: 4 },
  { arbitrary: oddNumbers, weight: 4 },
  { arbitrary: protoKeys, weight: 4 },
  { arbitrary: oddStrings, weight: 4 },
  { arbitrary: invalidUtf8, weight: 1 },
  { arbitrary: binary, weight: 2 },
  { arbitrary: randomJson, weight: 6 },
  { arbitrary: sized, weight: 6 },
  { arbitrary: rawFrames, weight: 1 },
  { arbitrary: fragmented, weight: 4 },
);

/** One authenticated fuzzing socket that reconnects whenever the relay closes it. */
class Fuzzer {
  /** @param {string} wsUrl @param {string} user */
  constructor(wsUrl, user) {
    this.url = `${wsUrl}?user=${encodeURIComponent(user)}&token=${createToken(SECRET, user)}`;
    /** @type {Record<number, number>} close codes seen */
    this.closes = {};
    /** @type {WebSocket | undefined} */
    this.ws = undefined;
    this.opens = 0;
  }

  /** @returns {Promise<WebSocket>} */
  async open() {
    if (this.ws?.readyState === WebSocket.OPEN) return this.ws;
    const ws = new WebSocket(this.url);
    this.opens += 1;
    ws.on('error', () => {});
    ws.on('message', () => {}); // replies (bad-frame, not-connected...) are not checked here
    ws.on('close', (code) => (this.closes[code] = (this.closes[code] ?? 0) + 1));
    this.ws = ws;
    await within(
      new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('close', (code) => reject(new Error(`fuzz socket closed (${code}) before opening`)));
      }),
      'a fuzz socket to open',
      30_000, // the relay is busy with 10,000 frames and a call; at load 40 an open took over 10 s
    );
    return ws;
  }

  /**
   * Sends one shot. A shot the relay must refuse by closing the socket (bad framing, invalid
   * UTF-8, over the size cap) is awaited until that close, so the next shot lands on a live socket.
   * @param {Shot} s
   */
  async fire(s) {
    const ws = await this.open();
    const data = typeof s.data === 'string' ? Buffer.from(s.data) : s.data;
    const mustClose = s.raw || s.kind === 'invalid-utf8' || data.length > CAP;
    const closed = mustClose ? new Promise((resolve) => ws.once('close', resolve)) : undefined;
    if (s.raw) {
      /** @type {import('node:net').Socket} */ (/** @type {any} */ (ws)._socket).write(data);
    } else {
      const parts = s.fragments ?? 1;
      const step = Math.ceil(data.length / parts) || 1;
      for (let i = 0; i < parts; i++) {
        const last = i === parts - 1;
        ws.send(data.subarray(i * step, last ? data.length : (i + 1) * step), { binary: s.binary ?? false, fin: last });
      }
    }
    if (closed) await within(closed, `the relay to close the socket after a ${s.kind} shot`, 30_000);
  }

  /** Resolves once the relay has read everything sent so far (its pong comes after). */
  async settle() {
    const ws = this.ws;
    if (ws?.readyState !== WebSocket.OPEN) return;
    await within(new Promise((resolve) => ws.once('pong', resolve).ping()), 'a pong after the fuzz', 30_000);
  }

  close() {
    this.ws?.terminate();
  }
}

describe('relay fuzzing while a real call runs', () => {
  /** @type {import('node:child_process').ChildProcess} */
  let child;
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | undefined} */
  let exited;
  let output = '';
  /** @type {string} */
  let httpUrl;
  /** @type {Awaited<ReturnType<typeof startPageServer>>} */
  let pages;
  /** @type {import('playwright').Browser} */
  let browser;

  before(async () => {
    pages = await startPageServer();
    child = spawn(process.execPath, ['server/main.js'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MESHCALL_SECRET: SECRET, MESHCALL_ORIGINS: pages.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('exit', (code, signal) => (exited = { code, signal }));
    const listening = new Promise((resolve, reject) => {
      const onData = (/** @type {Buffer} */ chunk) => {
        output += chunk;
        const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`relay exited (${code}) before listening:\n${output}`)));
    });
    httpUrl = /** @type {string} */ (await within(listening, 'the relay to listen', 15_000));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    if (child && !exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
  });

  it(`survives ${FRAMES} hostile frames (seed ${SEED}); the call stays up and its hang-up arrives`, async () => {
    const wsUrl = `${httpUrl.replace('http:', 'ws:')}/signal`;
    /** @returns {Promise<number>} */
    const sockets = async () => (await (await fetch(`${httpUrl}/healthz`)).json()).connections.signaling;
    await pages.put('meshcall.js', await bundleForTest());
    for (const [user, other] of /** @type {const} */ ([
      ['alice', 'bob'],
      ['bob', 'alice'],
    ])) {
      const signalingUrl = `${wsUrl}?token=${createToken(SECRET, user)}`;
      await pages.put(`${user}.html`, callPage({ script: './meshcall.js', userId: user, signalingUrl, opponents: other }));
    }
    const alice = await openPage(browser);
    const bob = await openPage(browser);
    await placeCall({ alice: alice.page, bob: bob.page, aliceUrl: `${pages.url}/alice.html`, bobUrl: `${pages.url}/bob.html`, sockets });

    const shots = fc.sample(shot, { numRuns: FRAMES, seed: SEED });
    /** @type {Record<string, number>} */
    const kinds = {};
    for (const s of shots) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
    const fuzzers = Array.from({ length: FUZZERS }, (_, i) => new Fuzzer(wsUrl, i < 20 ? `f${i}` : (PROTO_KEYS[i - 20] ?? `f${i}`)));
    const started = Date.now();
    try {
      // Each fuzzer fires its share of the shots at a steady pace.
      await Promise.all(
        fuzzers.map(async (fuzzer, i) => {
          const mine = shots.filter((_, n) => n % FUZZERS === i);
          const t0 = Date.now();
          for (const [n, s] of mine.entries()) {
            assert.equal(exited, undefined, `the relay process exited (${JSON.stringify(exited)}) during the fuzz:\n${output.slice(-2000)}`);
            await fuzzer.fire(s);
            const due = t0 + ((n + 1) * 1000) / FRAMES_PER_SECOND;
            if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
          }
          await fuzzer.settle();
        }),
      );
    } finally {
      for (const fuzzer of fuzzers) fuzzer.close();
    }
    const seconds = (Date.now() - started) / 1000;
    /** @type {Record<number, number>} */
    const closes = {};
    for (const f of fuzzers) for (const [code, n] of Object.entries(f.closes)) closes[Number(code)] = (closes[Number(code)] ?? 0) + n;
    console.log(
      `fuzz: ${shots.length} frames in ${seconds.toFixed(1)} s, kinds ${JSON.stringify(kinds)}, sockets closed by the relay ${JSON.stringify(closes)} (${fuzzers.reduce((n, f) => n + f.opens, 0)} opened), relay output ${output.length} bytes`,
    );

    assert.equal(exited, undefined, `the relay process exited (${JSON.stringify(exited)}):\n${output.slice(-2000)}`);
    assert.ok(
      fuzzers.every((f) => f.opens > 1),
      'every fuzzer was closed for bad shots and reconnected',
    );
    assert.ok(shots.length >= 10_000);
    assert.ok(Object.keys(kinds).length >= 11, `every kind of frame was generated: ${Object.keys(kinds)}`);
    assert.equal((await fetch(`${httpUrl}/healthz`)).status, 200);
    assert.equal(await sessionState(alice.page), 'connected', 'the call is still connected');
    assert.equal(await sessionState(bob.page), 'connected');
    assert.match(await hangUp({ alice: alice.page, bob: bob.page }), /alice hung up/);
    assert.deepEqual([...alice.errors, ...bob.errors], [], 'no uncaught errors in the pages');
    assert.ok(output.length < 64 * 1024, `the relay's log stays small (rate-limited): ${output.length} bytes`);
  });
});
