import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGeneratedSpecs } from '../../../../codegen/generate.js';
import { SampleBuilder } from '../../../../codegen/sample-values.js';
import { inRange, type MessageSpec } from '../../../../codegen/spec.js';
import { findSpecSource } from '../../../../codegen/spec-source.js';
import { EncodeError } from '../../../../src/protocol/errors.js';
import type { MessageCodec } from '../../../../src/protocol/message-codec.js';
import { type MessageName, messageCodecs } from '../../../../src/protocol/messages/index.js';
import { Reader } from '../../../../src/protocol/primitives/reader.js';
import { Writer } from '../../../../src/protocol/primitives/writer.js';

const source = findSpecSource({ allowFallback: false });
const specs: MessageSpec[] = source === undefined ? [] : loadGeneratedSpecs(source.dir, source.legacyDir);
const codecs = messageCodecs as unknown as Record<MessageName, MessageCodec>;
const generated = specs.filter((s): s is MessageSpec => Object.hasOwn(messageCodecs, s.name));
const skip =
  source?.legacyDir === undefined
    ? 'Kafka specs absent: fetch the kafka-clients 4.4.0 and 3.9.2 jars (see codegen/README.md)'
    : false;

function encode(codec: MessageCodec, value: unknown, version: number): Buffer {
  const w = new Writer(64);
  codec.encode(w, value, version);
  return w.finish();
}

function roundTrip(spec: MessageSpec, value: Record<string, unknown>, version: number): void {
  const codec = codecs[spec.name as MessageName];
  const bytes = encode(codec, value, version);
  const r = new Reader(bytes);
  const decoded = codec.decode(r, version);
  assert.equal(r.remaining, 0, `${spec.name} v${version}: ${r.remaining} bytes left after decoding`);
  assert.deepEqual(decoded, value, `${spec.name} v${version}: decoded value differs`);
  assert.deepEqual(
    encode(codec, decoded, version),
    bytes,
    `${spec.name} v${version}: re-encoded bytes differ`,
  );
}

function versions(spec: MessageSpec): number[] {
  const out: number[] = [];
  for (let v = spec.validVersions.min; v <= spec.validVersions.max; v++) out.push(v);
  return out;
}

test('every generated message comes from a spec, and every spec version is exercised', { skip }, () => {
  assert.equal(generated.length, Object.keys(messageCodecs).length);
  assert.ok(generated.length > 150, `only ${generated.length} messages generated`);
  for (const spec of generated) {
    const codec = codecs[spec.name as MessageName];
    assert.deepEqual(codec.validVersions, [spec.validVersions.min, spec.validVersions.max], spec.name);
    const legacy = spec.legacy && [spec.legacy.versions.min, spec.legacy.versions.max];
    assert.deepEqual(codec.legacyVersions, legacy, `${spec.name}: legacyVersions`);
  }
});

test('the versions Kafka 4.0 removed (KIP-896) are generated from the 3.9.2 specs', { skip }, () => {
  const legacy = generated.filter((s) => s.legacy !== undefined);
  assert.ok(legacy.length >= 40, `${legacy.length} messages with legacy versions`);
  assert.deepEqual(messageCodecs.ProduceRequest.legacyVersions, [0, 2]);
  assert.deepEqual(messageCodecs.FetchRequest.legacyVersions, [0, 3]);
  assert.deepEqual(messageCodecs.OffsetCommitRequest.validVersions, [0, 10]);
  // KIP-932's early-access Share* v0 of 3.9 is unstable there: not generated.
  assert.deepEqual(messageCodecs.ShareFetchRequest.validVersions, [1, 2]);
});

test('OffsetCommit v1 carries the per-partition commitTimestamp, which only it knows', { skip }, () => {
  const partition = { partitionIndex: 3, committedOffset: 42n, commitTimestamp: 1700000000000n };
  const msg = { groupId: 'g', topics: [{ name: 't', partitions: [partition] }] };
  const w = new Writer();
  codecs.OffsetCommitRequest.encode(w, msg, 1);
  const bytes = w.finish();
  // v1: group 'g', generation -1, member '', 1 topic 't', 1 partition: index, offset, timestamp, metadata ''.
  const expected = Buffer.from(
    '000167' +
      'ffffffff' +
      '0000' +
      '00000001' +
      '000174' +
      '00000001' +
      '00000003' +
      '000000000000002a' +
      '0000018bcfe56800' +
      '0000',
    'hex',
  );
  assert.deepEqual(bytes, expected);
  const decoded = messageCodecs.OffsetCommitRequest.decode(new Reader(bytes), 1);
  assert.equal(decoded.topics[0]?.partitions[0]?.commitTimestamp, 1700000000000n);
  // v0 has no timestamp (the broker stamps the commit) and v2+ dropped it: refused, not lost.
  for (const v of [0, 2, 10])
    assert.throws(() => codecs.OffsetCommitRequest.encode(new Writer(), msg, v), /commitTimestamp/);
});

test('populated values round-trip at every version of every message', { skip }, () => {
  let cases = 0;
  for (const spec of generated) {
    const builder = new SampleBuilder(spec);
    for (const v of versions(spec)) {
      roundTrip(spec, builder.message(v, 'populated'), v);
      cases++;
    }
  }
  assert.ok(cases > 600, `${cases} cases`);
});

test('values with every nullable field null round-trip at every version', { skip }, () => {
  for (const spec of generated) {
    const builder = new SampleBuilder(spec);
    for (const v of versions(spec)) roundTrip(spec, builder.message(v, 'nulls'), v);
  }
});

test('an empty input encodes every field at its default and decodes to the defaults', { skip }, () => {
  for (const spec of generated) {
    const builder = new SampleBuilder(spec);
    const codec = codecs[spec.name as MessageName];
    for (const v of versions(spec)) {
      const decoded = codec.decode(new Reader(encode(codec, {}, v)), v);
      assert.deepEqual(decoded, builder.defaults(spec.name), `${spec.name} v${v}`);
    }
  }
});

test('a non-default value for a field the version cannot carry is refused, unless ignorable', {
  skip,
}, () => {
  let refused = 0;
  for (const spec of generated) {
    const builder = new SampleBuilder(spec);
    const codec = codecs[spec.name as MessageName];
    for (const v of versions(spec)) {
      for (const f of spec.structs.get(spec.name)!.fields) {
        if (inRange(f.versions, v)) continue;
        const value = { [f.prop]: builder.nonDefault(f, spec.validVersions.max) };
        const w = new Writer();
        if (f.ignorable) {
          codec.encode(w, value, v);
          continue;
        }
        assert.throws(
          () => codec.encode(w, value, v),
          (e: unknown) =>
            e instanceof EncodeError &&
            e.message.includes(spec.name) &&
            e.message.includes(f.prop) &&
            e.message.includes(`${v}`),
          `${spec.name}.${f.prop} v${v}`,
        );
        assert.equal(w.offset, 0, 'the writer is rewound after a refusal');
        refused++;
      }
    }
  }
  assert.ok(refused > 50, `${refused} refusals`);
});

test('null for a field that is not nullable in the version is refused', { skip }, () => {
  const w = new Writer();
  // MetadataRequest.Topics is nullable from version 1 only.
  assert.throws(
    () => messageCodecs.MetadataRequest.encode(w, { topics: null }, 0),
    /topics is not nullable in version 0/,
  );
  messageCodecs.MetadataRequest.encode(w, { topics: null }, 1);
});

test('unsupported versions are refused on both sides', () => {
  const w = new Writer();
  assert.throws(() => codecs.FetchRequest.encode(w, {}, 99), EncodeError);
  assert.throws(() => messageCodecs.FetchRequest.decode(new Reader(new Uint8Array(8)), -1), /not supported/);
});

test('unknown tagged fields survive decode and re-encode, at the top level and nested', { skip }, () => {
  let cases = 0;
  for (const spec of generated) {
    if (spec.flexibleVersions === null) continue;
    const builder = new SampleBuilder(spec);
    for (const v of versions(spec)) {
      if (!inRange(spec.flexibleVersions, v)) continue;
      const value = builder.message(v);
      value.unknownTaggedFields = [
        { tag: 90, data: Buffer.from([1, 2, 3]) },
        { tag: 1000, data: Buffer.alloc(200, 7) },
      ];
      for (const f of spec.structs.get(spec.name)!.fields) {
        const first = Array.isArray(value[f.prop]) ? (value[f.prop] as unknown[])[0] : undefined;
        if (first !== null && typeof first === 'object') {
          (first as Record<string, unknown>).unknownTaggedFields = [{ tag: 77, data: Buffer.from([9]) }];
        }
      }
      roundTrip(spec, value, v);
      cases++;
    }
  }
  assert.ok(cases > 300, `${cases} cases`);
});

test('known and unknown tagged fields are written in ascending tag order', () => {
  // FetchRequest v12-14 knows tag 0 (ClusterId) only: an unknown tag 1 goes after it.
  const w = new Writer();
  const value = { clusterId: 'c', unknownTaggedFields: [{ tag: 1, data: Buffer.from([5]) }] };
  codecs.FetchRequest.encode(w, value, 12);
  const bytes = w.finish();
  // The top-level tagged section is at the end: count 2, tag 0 (size 2: compact 'c'), tag 1 (size 1).
  assert.deepEqual([...bytes.subarray(bytes.length - 8)], [2, 0, 2, 2, 0x63, 1, 1, 5]);
  const decoded = messageCodecs.FetchRequest.decode(new Reader(bytes), 12);
  assert.equal(decoded.clusterId, 'c');
  assert.deepEqual(decoded.unknownTaggedFields, [{ tag: 1, data: Buffer.from([5]) }]);
  assert.throws(
    () =>
      codecs.FetchRequest.encode(
        new Writer(),
        { clusterId: 'c', unknownTaggedFields: [{ tag: 0, data: Buffer.alloc(0) }] },
        12,
      ),
    /collides/,
  );
});
