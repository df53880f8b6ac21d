import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { groupedDigits, ProgressLine } from '../../../src/cli/progress-line.js';

function stderr(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  const written: string[] = [];
  stream.on('data', (c: Buffer) => written.push(c.toString()));
  return { stream, written };
}

describe('the progress line', () => {
  it('on a terminal, is rewritten in place and ended with a newline', async () => {
    const { stream, written } = stderr(true);
    let n = 0;
    const line = new ProgressLine(stream, () => `${++n} done`);
    assert.equal(line.active, true);
    line.finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(written, ['\r\u001b[K1 done', '\n']);
  });

  it('piped, writes nothing', async () => {
    const { stream, written } = stderr(false);
    const line = new ProgressLine(stream, () => 'never');
    assert.equal(line.active, false);
    line.finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(written, []);
  });

  it('groups digits by thousands', () => {
    assert.deepEqual([0, 999, 1000, 1234567.6].map(groupedDigits), ['0', '999', '1,000', '1,234,568']);
  });
});
