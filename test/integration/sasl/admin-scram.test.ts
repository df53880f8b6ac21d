/**
 * SCRAM credentials through `Kafka#admin()`: credentials salted by kafe (the password never
 * sent) that Kafka's SCRAM then accepts, from kafe and from the Java client, and that
 * `kafka-configs` describes; credentials `kafka-configs` stored, read back and deleted (the user
 * can no longer log in); a typed error per user for bad input and for the user without rights.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import type { ScramCredentialInfo } from '../../../src/admin/scram-credential.js';
import { Connection } from '../../../src/net/connection.js';
import { AuthenticationError } from '../../../src/net/errors.js';
import type { ScramMechanismName } from '../../../src/net/sasl/scram.js';
import { firstBroker } from '../broker-address.js';
import {
  clusterUnderTest,
  eventually,
  kafkaUnderTest,
  listTopics,
  quickClientTimeouts,
  uniqueTopic,
} from '../cluster-under-test.js';
import { describedConfigs, runTool } from '../security-tools.js';

const byMechanism = (infos: readonly ScramCredentialInfo[]) =>
  [...infos].sort((a, b) => a.mechanism.localeCompare(b.mechanism));

describe('SCRAM credentials through Kafka#admin()', () => {
  const cluster = clusterUnderTest();
  const brokers = cluster.bootstrapFor('sasl').split(',');
  const admin = kafkaUnderTest({
    clientId: 'kafe-scram-admin',
    brokers,
    sasl: { mechanism: 'SCRAM-SHA-512', ...testUsers.scram },
  }).admin();
  const nobody = kafkaUnderTest({
    clientId: 'kafe-scram-nobody',
    brokers,
    sasl: { mechanism: 'PLAIN', ...testUsers.nobody },
  }).admin();
  const login = async (mechanism: ScramMechanismName, username: string, password: string) => {
    const connection = await Connection.connect({
      ...firstBroker(cluster, 'sasl'),
      sasl: { mechanism, username, password },
    });
    await connection.close();
    return true;
  };

  it('stores credentials salted by kafe, which Kafka accepts from kafe and Java and kafka-configs describes', async () => {
    const user = uniqueTopic('kafe-user');
    const refused = uniqueTopic('kafe-refused');
    const password = 'salted-by-kafe';
    const results = await admin.alterUserScramCredentials([
      { type: 'upsert', user, mechanism: 'SCRAM-SHA-256', password, iterations: 8192 },
      { type: 'upsert', user, mechanism: 'SCRAM-SHA-512', password },
      { type: 'upsert', user: refused, mechanism: 'SCRAM-SHA-256', password, iterations: 10 },
    ]);
    assert.equal(results.error(user), undefined);
    assert.equal(results.error(refused)?.code, 'INVALID_ARGUMENT');
    assert.match(results.error(refused)?.message ?? '', new RegExp(`^user ${refused}: iterations must be`));

    // The broker applies the credential from the metadata log shortly after the controller commits it.
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)
      await eventually(`login with ${mechanism}`, 15_000, () => login(mechanism, user, password));
    const java = await listTopics(cluster, {
      listener: 'sasl',
      mechanism: 'SCRAM-SHA-256',
      credentials: { username: user, password },
      extra: quickClientTimeouts,
    });
    assert.equal(java.exitCode, 0, java.stderr);

    const tool = describedConfigs(
      await runTool(cluster, 'configs', ['--describe', '--entity-type', 'users', '--entity-name', user]),
    );
    assert.deepEqual(Object.fromEntries(tool.get(`user-principal '${user}'`) ?? []), {
      'SCRAM-SHA-256': 'iterations=8192',
      'SCRAM-SHA-512': 'iterations=4096',
    });
    const described = await admin.describeUserScramCredentials([user, refused]);
    assert.deepEqual(byMechanism(described.get(user)), [
      { mechanism: 'SCRAM-SHA-256', iterations: 8192 },
      { mechanism: 'SCRAM-SHA-512', iterations: 4096 },
    ]);
    assert.equal(described.error(refused)?.code, 'RESOURCE_NOT_FOUND');
  });

  it('reads credentials kafka-configs stored, and deletes them: the user can no longer log in', async () => {
    const user = uniqueTopic('tool-user');
    const password = 'stored-by-kafka-configs';
    await runTool(cluster, 'configs', [
      ...['--alter', '--entity-type', 'users', '--entity-name', user],
      ...['--add-config', `SCRAM-SHA-512=[iterations=5000,password=${password}]`],
    ]);
    const all = await admin.describeUserScramCredentials();
    assert.deepEqual(all.get(user), [{ mechanism: 'SCRAM-SHA-512', iterations: 5000 }]);
    assert.equal(all.has(testUsers.scram.username), true);
    await eventually('login with the stored credential', 15_000, () =>
      login('SCRAM-SHA-512', user, password),
    );

    (
      await admin.alterUserScramCredentials([{ type: 'delete', user, mechanism: 'SCRAM-SHA-512' }])
    ).throwIfFailed();
    assert.equal((await admin.describeUserScramCredentials([user])).error(user)?.code, 'RESOURCE_NOT_FOUND');
    await eventually('login refused', 15_000, () =>
      login('SCRAM-SHA-512', user, password).then(
        () => undefined,
        (e: unknown) => (e instanceof AuthenticationError ? true : Promise.reject(e)),
      ),
    );
  });

  it('refuses the user without rights, with a typed error per user', async () => {
    const [a, b] = [uniqueTopic('refused-a'), uniqueTopic('refused-b')];
    const results = await nobody.alterUserScramCredentials([
      { type: 'upsert', user: a, mechanism: 'SCRAM-SHA-256', password: 'p' },
      { type: 'delete', user: b, mechanism: 'SCRAM-SHA-512' },
    ]);
    assert.deepEqual(
      results.errors.map((e) => [e.code, e.resource.name]),
      [
        ['CLUSTER_AUTHORIZATION_FAILED', a],
        ['CLUSTER_AUTHORIZATION_FAILED', b],
      ],
    );
    const described = await nobody.describeUserScramCredentials([testUsers.scram.username]);
    assert.equal(described.error(testUsers.scram.username)?.code, 'CLUSTER_AUTHORIZATION_FAILED');
  });
});
