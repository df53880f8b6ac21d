import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AclBinding,
  type AclBindingFilter,
  aclCreation,
  aclFilterToWire,
  aclFromWire,
  bindingName,
  bindingProblem,
  filterName,
  filterProblem,
} from '../../../src/admin/acl-binding.js';

const binding: AclBinding = {
  resourceType: 'TOPIC',
  resourceName: 'orders-',
  patternType: 'PREFIXED',
  principal: 'User:alice',
  host: '*',
  operation: 'READ',
  permissionType: 'ALLOW',
};

describe('ACL bindings', () => {
  it('writes a binding with the protocol codes and reads it back', () => {
    const wire = aclCreation(binding);
    assert.deepEqual(wire, {
      resourceType: 2,
      resourceName: 'orders-',
      resourcePatternType: 4,
      principal: 'User:alice',
      host: '*',
      operation: 3,
      permissionType: 3,
    });
    assert.deepEqual(aclFromWire({ ...wire, patternType: wire.resourcePatternType }), binding);
  });

  it('reads codes it does not know as UNKNOWN', () => {
    const read = aclFromWire({ ...aclCreation(binding), patternType: 9, operation: 99, resourceType: 42 });
    assert.equal(read.resourceType, 'UNKNOWN');
    assert.equal(read.patternType, 'UNKNOWN');
    assert.equal(read.operation, 'UNKNOWN');
  });

  it('refuses what cannot be created, naming the field', () => {
    assert.equal(bindingProblem(binding), undefined);
    const cases: [Partial<Record<keyof AclBinding, unknown>>, RegExp][] = [
      [{ resourceType: 'ANY' }, /resourceType ANY is not allowed here/],
      [{ resourceType: 'TOPICS' }, /resourceType must be one of TOPIC, GROUP, .* not "TOPICS"/],
      [{ patternType: 'MATCH' }, /patternType MATCH is not allowed/],
      [{ operation: 'UNKNOWN' }, /operation UNKNOWN is not allowed/],
      [{ permissionType: 'ANY' }, /permissionType ANY/],
      [{ resourceName: '' }, /resourceName must be a non-empty string/],
      [{ principal: 'alice' }, /principal must be "Type:name"/],
      [{ host: '' }, /host must be a non-empty string/],
    ];
    for (const [change, message] of cases)
      assert.match(bindingProblem({ ...binding, ...change } as AclBinding) ?? '', message);
  });
});

describe('ACL binding filters', () => {
  it('leaves open what a filter does not name', () => {
    assert.deepEqual(aclFilterToWire({}), {
      resourceTypeFilter: 1,
      resourceNameFilter: null,
      patternTypeFilter: 1,
      principalFilter: null,
      hostFilter: null,
      operation: 1,
      permissionType: 1,
    });
    const filter: AclBindingFilter = {
      resourceType: 'GROUP',
      resourceName: 'g',
      patternType: 'MATCH',
      principal: 'User:bob',
    };
    assert.deepEqual(aclFilterToWire(filter), {
      resourceTypeFilter: 3,
      resourceNameFilter: 'g',
      patternTypeFilter: 2,
      principalFilter: 'User:bob',
      hostFilter: null,
      operation: 1,
      permissionType: 1,
    });
    assert.equal(filterName(filter), '* User:bob@* * GROUP:MATCH:g');
    assert.equal(bindingName(binding), 'ALLOW User:alice@* READ TOPIC:PREFIXED:orders-');
  });

  it('refuses UNKNOWN values and non-string names', () => {
    assert.equal(filterProblem({ patternType: 'ANY', operation: 'ANY' }), undefined);
    assert.match(filterProblem({ operation: 'UNKNOWN' }) ?? '', /operation UNKNOWN is not allowed/);
    assert.match(filterProblem({ resourceName: 3 } as never) ?? '', /resourceName must be a string or null/);
  });
});
