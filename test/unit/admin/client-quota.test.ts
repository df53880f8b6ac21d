import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alterationProblem,
  entityFromWire,
  entityName,
  entityToWire,
  filterProblem,
  filterToWire,
} from '../../../src/admin/client-quota.js';

describe('client quota entities and filters (KIP-546)', () => {
  it('names entities as kafka-configs does, in Kafka type order, null as <default>', () => {
    const entity = { 'client-id': null, user: 'alice' };
    assert.equal(entityName(entity), 'user=alice,client-id=<default>');
    assert.deepEqual(entityToWire(entity), [
      { entityType: 'user', entityName: 'alice' },
      { entityType: 'client-id', entityName: null },
    ]);
    assert.deepEqual(entityFromWire(entityToWire(entity)), { user: 'alice', 'client-id': null });
  });

  it('writes a component per match kind: a name, the default entity, any entity', () => {
    assert.deepEqual(
      filterToWire({
        components: [
          { entityType: 'user', name: 'alice' },
          { entityType: 'client-id', name: null },
          { entityType: 'ip' },
        ],
      }),
      [
        { entityType: 'user', matchType: 0, match: 'alice' },
        { entityType: 'client-id', matchType: 1, match: null },
        { entityType: 'ip', matchType: 2, match: null },
      ],
    );
    assert.deepEqual(filterToWire({}), []);
  });

  it('names what is wrong with an alteration or a filter', () => {
    const ok = {
      entity: { user: 'u' },
      ops: [
        { key: 'producer_byte_rate', value: 1 },
        { key: 'x', value: null },
      ],
    };
    assert.equal(alterationProblem(ok), undefined);
    const cases: [unknown, RegExp][] = [
      [{ ...ok, entity: {} }, /names at least one of user, client-id, ip/],
      [{ ...ok, entity: { group: 'g' } }, /unknown entity type "group"/],
      [{ ...ok, entity: { user: '' } }, /user must be a non-empty string, or null/],
      [{ ...ok, ops: [{ key: '', value: 1 }] }, /each op needs a quota name/],
      [{ ...ok, ops: [{ key: 'k', value: Number.NaN }] }, /k: value must be a finite number, or null/],
    ];
    for (const [alteration, message] of cases)
      assert.match(alterationProblem(alteration as never) ?? '', message);
    assert.match(
      filterProblem({ components: [{ entityType: 'users' as never }] }) ?? '',
      /unknown entity type "users"/,
    );
    assert.match(
      filterProblem({ components: [{ entityType: 'user', name: '' }] }) ?? '',
      /user name must be/,
    );
  });
});
