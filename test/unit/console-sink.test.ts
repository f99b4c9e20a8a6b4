// The default log sink: info lines wait for idle time (a console call is not free with
// developer tools attached), in order; a warning or an error prints what waits, then itself.
import { expect } from '@open-wc/testing';
import { consoleSink } from '../../src/log.js';
import { waitUntil } from '../helpers/call-harness.js';

describe('consoleSink', () => {
  const printed: string[] = [];
  const real = { info: console.info, warn: console.warn, error: console.error };
  beforeEach(() => {
    printed.length = 0;
    for (const method of ['info', 'warn', 'error'] as const) console[method] = (line: string) => void printed.push(`${method} ${line}`);
  });
  afterEach(() => Object.assign(console, real));

  it('prints info lines when the page is idle, in order', async () => {
    consoleSink('info', 'one');
    consoleSink('info', 'two', { detail: 1 });
    expect(printed, 'nothing printed in the same task').to.deep.equal([]);
    await waitUntil(() => printed.length === 2, 'both lines printed', 2000);
    expect(printed).to.deep.equal(['info [meshcall] one', 'info [meshcall] two']);
  });

  it('a warning or an error prints the waiting info lines first, then itself at once', () => {
    consoleSink('info', 'before');
    consoleSink('warn', 'careful');
    consoleSink('info', 'after');
    consoleSink('error', 'broken');
    expect(printed).to.deep.equal(['info [meshcall] before', 'warn [meshcall] careful', 'info [meshcall] after', 'error [meshcall] broken']);
  });
});
