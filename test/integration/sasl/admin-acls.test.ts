/**
 * ACLs through `Kafka#admin()` on a cluster with StandardAuthorizer: bindings created with
 * their own outcomes and seen by `kafka-acls --list`, bindings added by `kafka-acls` read back
 * (MATCH finds the prefixed ones), deletions that list what each filter removed; the bindings
 * take effect (the user without rights creates the topics they grant and is refused the others,
 * per topic) and that user is refused ACL changes with a typed error per binding; each user's
 * rights on the cluster as describeCluster reports them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import { type AclBinding, bindingName } from '../../../src/admin/acl-binding.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { listedAcls, runTool } from '../security-tools.js';

const sorted = (bindings: readonly AclBinding[]) => bindings.map(bindingName).sort();

describe('ACLs through Kafka#admin() (StandardAuthorizer)', () => {
  const cluster = clusterUnderTest();
  const brokers = cluster.bootstrapFor('sasl').split(',');
  const admin = kafkaUnderTest({
    clientId: 'kafe-acl-admin',
    brokers,
    sasl: { mechanism: 'SCRAM-SHA-512', ...testUsers.scram },
  }).admin();
  const nobody = kafkaUnderTest({
    clientId: 'kafe-acl-nobody',
    brokers,
    sasl: { mechanism: 'SCRAM-SHA-512', ...testUsers.nobody },
  }).admin();
  const prefix = `${uniqueTopic('acl')}-`;
  const principal = `User:${testUsers.nobody.username}`;
  const grant = (operation: AclBinding['operation'], resourceName = prefix): AclBinding => ({
    resourceType: 'TOPIC',
    resourceName,
    patternType: resourceName === prefix ? 'PREFIXED' : 'LITERAL',
    principal,
    host: '*',
    operation,
    permissionType: 'ALLOW',
  });

  it('creates bindings, each with its outcome, and kafka-acls lists them', async () => {
    const unsendable: AclBinding = { ...grant('READ'), patternType: 'MATCH' };
    const results = await admin.createAcls([grant('CREATE'), grant('DESCRIBE'), unsendable]);
    assert.equal(results.errors.length, 1);
    assert.equal(results.error(unsendable)?.code, 'INVALID_ARGUMENT');
    assert.match(
      results.error(unsendable)?.message ?? '',
      /^acl ALLOW User:kafe-nobody@\* READ TOPIC:MATCH:.*patternType MATCH/,
    );
    const listed = listedAcls(
      await runTool(cluster, 'acls', ['--list', '--topic', prefix, '--resource-pattern-type', 'prefixed']),
    );
    assert.deepEqual(sorted(listed), sorted([grant('CREATE'), grant('DESCRIBE')]));
  });

  it('puts the bindings in force: the user without rights creates the topics they grant, and only those', async () => {
    const granted = { topic: `${prefix}mine`, partitions: 1 };
    const other = { topic: uniqueTopic('acl-not-granted'), partitions: 1 };
    const results = await nobody.createTopics([granted, other]);
    assert.equal(results.get(granted).topic, granted.topic);
    assert.equal(results.error(other)?.code, 'TOPIC_AUTHORIZATION_FAILED');
    assert.match(results.error(other)?.message ?? '', new RegExp(`^topic ${other.topic}: `));
  });

  it('refuses the user without rights any ACL call, with a typed error per binding', async () => {
    await assert.rejects(
      nobody.describeAcls(),
      (e: Error & { code?: string }) => e.code === 'CLUSTER_AUTHORIZATION_FAILED',
    );
    const refused = await nobody.createAcls([grant('WRITE'), grant('DELETE')]);
    assert.deepEqual(
      refused.errors.map((e) => [e.code, e.resource.name]),
      [
        ['CLUSTER_AUTHORIZATION_FAILED', bindingName(grant('WRITE'))],
        ['CLUSTER_AUTHORIZATION_FAILED', bindingName(grant('DELETE'))],
      ],
    );
    const deletions = await nobody.deleteAcls([{ principal }]);
    assert.equal(deletions.errors[0]?.code, 'CLUSTER_AUTHORIZATION_FAILED');
  });

  it('tells each user its rights on the cluster (describeCluster, KIP-430)', async () => {
    const mine = await admin.describeCluster({ includeAuthorizedOperations: true });
    // A super user may do everything a cluster resource has.
    for (const operation of [
      'ALTER',
      'ALTER_CONFIGS',
      'CLUSTER_ACTION',
      'CREATE',
      'DESCRIBE',
      'DESCRIBE_CONFIGS',
      'IDEMPOTENT_WRITE',
    ])
      assert.ok(mine.authorizedOperations?.includes(operation as never), operation);
    assert.deepEqual(
      (await nobody.describeCluster({ includeAuthorizedOperations: true })).authorizedOperations,
      [],
    );
  });

  it('reads what kafka-acls added, by filter; MATCH also finds the prefixed bindings that apply', async () => {
    const topic = `${prefix}tool`;
    await runTool(cluster, 'acls', [
      '--add',
      '--allow-principal',
      principal,
      '--operation',
      'Write',
      '--topic',
      topic,
    ]);
    const literal = await admin.describeAcls({
      resourceType: 'TOPIC',
      resourceName: topic,
      patternType: 'LITERAL',
    });
    assert.deepEqual(sorted(literal), sorted([grant('WRITE', topic)]));
    const matching = await admin.describeAcls({
      resourceType: 'TOPIC',
      resourceName: topic,
      patternType: 'MATCH',
    });
    assert.deepEqual(sorted(matching), sorted([grant('WRITE', topic), grant('CREATE'), grant('DESCRIBE')]));
  });

  it('deletes by filter: each filter lists the bindings it removed, and kafka-acls sees them gone', async () => {
    const topic = `${prefix}tool`;
    const prefixed = { resourceType: 'TOPIC', resourceName: prefix, patternType: 'PREFIXED' } as const;
    const literal = { resourceType: 'TOPIC', resourceName: topic, patternType: 'LITERAL' } as const;
    const none = { resourceType: 'TOPIC', resourceName: `${prefix}none`, patternType: 'LITERAL' } as const;
    const unsendable = { operation: 'UNKNOWN' } as const;
    const results = await admin.deleteAcls([prefixed, literal, none, unsendable]);
    assert.deepEqual(
      sorted(results.get(prefixed).map((d) => d.binding)),
      sorted([grant('CREATE'), grant('DESCRIBE')]),
    );
    assert.deepEqual(
      results.get(literal).map((d) => [bindingName(d.binding), d.error]),
      [[bindingName(grant('WRITE', topic)), undefined]],
    );
    assert.deepEqual(results.get(none), []);
    assert.equal(results.error(unsendable)?.code, 'INVALID_ARGUMENT');
    const listed = listedAcls(
      await runTool(cluster, 'acls', ['--list', '--topic', topic, '--resource-pattern-type', 'match']),
    );
    assert.deepEqual(listed, []);
  });
});
