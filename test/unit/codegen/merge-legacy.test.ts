import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legacyRange, mergeLegacy } from '../../../codegen/merge-legacy.js';
import { type MessageSpec, parseSpec } from '../../../codegen/spec.js';

/** A tiny request spec: `validVersions` and the top-level fields, as JSON text. */
function spec(validVersions: string, fields: object[], extra: object = {}): MessageSpec {
  const text = JSON.stringify({
    apiKey: 99,
    type: 'request',
    listeners: ['broker'],
    name: 'TestRequest',
    validVersions,
    flexibleVersions: 'none',
    fields,
    ...extra,
  });
  const parsed = parseSpec(text, 'TestRequest.json');
  assert.ok(parsed !== null);
  return parsed;
}

const merge = (current: MessageSpec, legacy: MessageSpec) =>
  mergeLegacy(current, legacy, legacyRange(current, legacy), '3.9.2');

test('a field only the legacy spec has joins in its place, for the old versions only', () => {
  const current = spec('2-4', [
    { name: 'A', type: 'int32', versions: '0+' },
    { name: 'C', type: 'string', versions: '3+' },
  ]);
  const legacy = spec('0-3', [
    { name: 'A', type: 'int32', versions: '0+' },
    { name: 'B', type: 'int64', versions: '1', default: '-1' },
    { name: 'C', type: 'string', versions: '3+' },
  ]);
  const merged = merge(current, legacy);
  assert.deepEqual(merged.validVersions, { min: 0, max: 4 });
  assert.deepEqual(merged.legacy, { release: '3.9.2', versions: { min: 0, max: 1 } });
  const fields = merged.structs.get('TestRequest')!.fields;
  assert.deepEqual(
    fields.map((f) => [f.name, f.versions, f.onlyIn]),
    [
      ['A', { min: 0, max: Number.POSITIVE_INFINITY }, undefined],
      ['B', { min: 1, max: 1 }, '3.9.2'],
      ['C', { min: 3, max: Number.POSITIVE_INFINITY }, undefined],
    ],
  );
});

test('a range rebuilt from both specs, and no legacy versions when there are none to add', () => {
  // Current spec says 0+ but the legacy v0 lacks the field: the merged range starts at 1.
  const current = spec('2-3', [{ name: 'A', type: 'int32', versions: '0+', ignorable: true }]);
  const legacy = spec('0-3', [{ name: 'A', type: 'int32', versions: '1+', ignorable: true }]);
  const a = merge(current, legacy).structs.get('TestRequest')!.fields[0]!;
  assert.deepEqual(a.versions, { min: 1, max: Number.POSITIVE_INFINITY });
  assert.equal(merge(current, spec('2-3', [])), current);
});

test('an unstable top legacy version is left out (3.9 Share* v0)', () => {
  const current = spec('1-2', [{ name: 'A', type: 'int32', versions: '0+' }]);
  const legacy = spec('0', [{ name: 'A', type: 'int32', versions: '0+' }], { latestVersionUnstable: true });
  assert.equal(legacyRange(current, legacy), null);
  assert.equal(merge(current, legacy), current);
});

test('disagreements the merge cannot express stop codegen', () => {
  const current = spec('2-3', [{ name: 'A', type: 'int32', versions: '0+' }]);
  assert.throws(
    () => merge(current, spec('0-3', [{ name: 'A', type: 'int64', versions: '0+' }])),
    /TestRequest\.TestRequest\.A: type differs/,
  );
  assert.throws(
    () => merge(current, spec('0-3', [{ name: 'A', type: 'int32', versions: '0+', default: '5' }])),
    /default differs/,
  );
  // Present in legacy v0, absent in v1, present again from 2: not one range.
  const gap = spec('2-3', [{ name: 'A', type: 'int32', versions: '2+' }]);
  assert.throws(
    () => merge(gap, spec('0-3', [{ name: 'A', type: 'int32', versions: '0' }])),
    /versions 0,2,3 are not one range/,
  );
  // Absent from legacy v0 with a different `ignorable`: which one applies there is ambiguous.
  const ignorable = spec('1-2', [{ name: 'A', type: 'int32', versions: '1+', ignorable: true }]);
  assert.throws(
    () => merge(ignorable, spec('0-2', [{ name: 'A', type: 'int32', versions: '1+' }])),
    /ignorable differs/,
  );
  // Flexible versions must agree on the old versions.
  const flexible = spec('1-2', [], { flexibleVersions: '0+' });
  assert.throws(() => merge(flexible, spec('0-2', [])), /flexible versions differ at legacy version 0/);
});
