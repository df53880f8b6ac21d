import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputReader, parseInput } from '../../../src/cli/produce-input.js';
import { compileFormat, recordJson } from '../../../src/cli/record-format.js';

const record = {
  topic: 'events',
  partition: 2,
  offset: 41n,
  timestamp: 1_700_000_000_000,
  key: Buffer.from('user-1'),
  value: Buffer.from('{"a":1}'),
  headers: [
    { key: 'source', value: Buffer.from('cli') },
    { key: 'empty', value: null },
  ],
};

describe('kafe consume formats', () => {
  it('fills kcat placeholders and escapes', () => {
    const print = compileFormat('%t/%p@%o %T %k=%s [%h] %K %S 100%%\\n', 'text', 'text');
    assert.equal(print(record), 'events/2@41 1700000000000 user-1={"a":1} [source=cli,empty=] 6 7 100%\n');
  });

  it('prints a missing key or value as nothing, with length -1', () => {
    const print = compileFormat('%k|%s|%K|%S\\t', 'text', 'text');
    assert.equal(print({ ...record, key: null, value: null }), '||-1|-1\t');
  });

  it('decodes values as hex, base64 and JSON', () => {
    assert.equal(compileFormat('%s', 'text', 'hex')(record), '7b2261223a317d');
    assert.equal(compileFormat('%s', 'text', 'base64')(record), 'eyJhIjoxfQ==');
    assert.equal(
      compileFormat('%k %s', 'text', 'json')({ ...record, value: Buffer.from('{ "a" : 1 }') }),
      'user-1 {"a":1}',
    );
    assert.throws(
      () => compileFormat('%s', 'text', 'json')({ ...record, value: Buffer.from('nope') }),
      /a value is not JSON/,
    );
  });

  it('refuses an unknown placeholder, listing the known ones', () => {
    assert.throws(
      () => compileFormat('%x', 'text', 'text'),
      /--format: unknown placeholder %x; known: %t %p %o %T %k %s %K %S %h/,
    );
  });

  it('writes a record as one JSON object, a JSON value parsed', () => {
    assert.deepEqual(JSON.parse(recordJson(record, 'text', 'json')), {
      topic: 'events',
      partition: 2,
      offset: 41,
      timestamp: 1_700_000_000_000,
      key: 'user-1',
      value: { a: 1 },
      headers: [
        { key: 'source', value: 'cli' },
        { key: 'empty', value: null },
      ],
    });
  });
});

describe('kafe produce input', () => {
  const text = (records: ReturnType<typeof parseInput>) =>
    records.map((r) => [r.key === undefined ? undefined : String(r.key), String(r.value)]);

  it('takes one record per line, keeping empty lines and dropping the last newline', () => {
    assert.deepEqual(text(parseInput(Buffer.from('a\n\nb\n'), 'lines', undefined, 'stdin')), [
      [undefined, 'a'],
      [undefined, ''],
      [undefined, 'b'],
    ]);
  });

  it('reads the same records however the input is cut into chunks', () => {
    const input = Buffer.from(`k1:a\nk2:${'x'.repeat(50)}\nk3:\n:\nk4:last`);
    const expected = text(parseInput(input, 'lines', ':', 'stdin'));
    assert.equal(expected.length, 5);
    for (let cut = 0; cut <= input.length; cut++) {
      for (const width of [1, 3, 7, input.length]) {
        // The input up to `cut` in one chunk, then chunks of `width` bytes: lines cut anywhere,
        // and the long one spread over many chunks.
        const reader = new InputReader('lines', ':', 'stdin');
        const records = [...reader.push(input.subarray(0, cut)).records];
        for (let at = cut; at < input.length; at += width)
          records.push(...reader.push(input.subarray(at, at + width)).records);
        records.push(...reader.end().records);
        assert.deepEqual(text(records), expected, `cut ${cut}, width ${width}`);
      }
    }
  });

  it('splits keyed lines at the first separator and names a line without one', () => {
    assert.deepEqual(text(parseInput(Buffer.from('k1::v:1\nk2::v2'), 'lines', '::', 'stdin')), [
      ['k1', 'v:1'],
      ['k2', 'v2'],
    ]);
    assert.throws(
      () => parseInput(Buffer.from('k::v\nnokey\n'), 'lines', '::', 'in.txt'),
      /^InvalidInputError: in.txt line 2: no key separator "::"$/,
    );
  });

  it('reads JSON lines: values that are not strings as JSON text, null as a tombstone', () => {
    const records = parseInput(
      Buffer.from(
        '{"key":"a","value":{"n":1},"headers":{"h":"x"},"partition":1,"timestamp":5}\n\n{"value":null}\n',
      ),
      'json',
      undefined,
      'stdin',
    );
    assert.deepEqual(records, [
      { key: 'a', value: '{"n":1}', headers: { h: 'x' }, partition: 1, timestamp: 5 },
      { key: null, value: null },
    ]);
  });

  it('names the line and the problem of malformed JSON lines', () => {
    const bad = (line: string) => () =>
      parseInput(Buffer.from(`{"value":"ok"}\n${line}\n`), 'json', undefined, 'stdin');
    assert.throws(bad('{"value": nope}'), /^InvalidInputError: stdin line 2: not JSON/);
    assert.throws(bad('[1]'), /stdin line 2: expected an object/);
    assert.throws(bad('{"valeu":"x"}'), /stdin line 2: unknown field "valeu"/);
    assert.throws(bad('{"key":"x"}'), /stdin line 2: no "value"/);
    assert.throws(
      bad('{"value":"x","partition":-1}'),
      /stdin line 2: "partition" must be a non-negative integer/,
    );
  });

  it('takes a raw input as one record', () => {
    const bytes = Buffer.from([0, 10, 255]);
    assert.deepEqual(parseInput(bytes, 'raw', undefined, 'f'), [{ value: bytes }]);
  });
});
