/**
 * `kafe` over SASL with the settings of a config-file profile (the password from the variable
 * the profile names, never printed), and `kafe acls list|add|remove` against the profile's
 * StandardAuthorizer, beside `kafka-acls`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { testUsers } from '../../../harness/broker-config.js';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { clusterUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { kafeOn, succeeded } from '../kafe-cli-runs.js';

describe('kafe (CLI) over SASL, with ACLs', () => {
  const cluster = clusterUnderTest();
  const config = join(mkdtempSync(join(tmpdir(), 'kafe-cli-sasl-')), 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      currentProfile: 'admin',
      profiles: {
        admin: {
          brokers: cluster.bootstrapFor('sasl'),
          sasl: { mechanism: 'PLAIN', username: testUsers.plain.username, passwordEnv: 'ADMIN_PASSWORD' },
        },
        nobody: {
          brokers: cluster.bootstrapFor('sasl'),
          sasl: {
            mechanism: 'SCRAM-SHA-256',
            username: testUsers.nobody.username,
            password: testUsers.nobody.password,
          },
        },
      },
    }),
  );
  const env = { KAFE_BROKERS: '', KAFE_CONFIG: config, ADMIN_PASSWORD: testUsers.plain.password };
  const kafe = (args: string[]) => kafeOn(cluster, args, { env });

  it('adds, lists and removes ACLs as kafka-acls lists them; the user without rights is refused', async () => {
    const topic = uniqueTopic('cli-acl');
    succeeded(await kafe(['topics', 'create', topic]), 'create as admin');
    const refused = await kafe(['--profile', 'nobody', 'topics', 'describe', topic, '--timeout', '10s']);
    assert.equal(refused.exitCode, 1);
    assert.match(refused.stderr, /^kafe: topic .*: TOPIC_AUTHORIZATION_FAILED \(29\)/);

    const added = succeeded(
      await kafe([
        'acls',
        'add',
        '--principal',
        `User:${testUsers.nobody.username}`,
        '--topic',
        topic,
        '--operation',
        'READ',
        '--operation',
        'DESCRIBE',
      ]),
      'acls add',
    );
    assert.equal(added.split('\n').filter(Boolean).length, 2);
    const tool = await runKafkaTool(cluster, 'acls', [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      '--list',
      '--topic',
      topic,
    ]);
    assert.match(tool.stdout, /principal=User:kafe-nobody, host=\*, operation=READ, permissionType=ALLOW/);
    assert.match(
      tool.stdout,
      /principal=User:kafe-nobody, host=\*, operation=DESCRIBE, permissionType=ALLOW/,
    );
    const listed = JSON.parse(
      succeeded(await kafe(['acls', 'list', '--topic', topic, '--json']), 'acls list'),
    ) as { operation: string }[];
    assert.deepEqual(listed.map((b) => b.operation).sort(), ['DESCRIBE', 'READ']);
    succeeded(
      await kafe(['--profile', 'nobody', 'topics', 'describe', topic]),
      'describe with DESCRIBE granted',
    );

    const removed = succeeded(
      await kafe(['acls', 'remove', '--topic', topic, '--operation', 'READ']),
      'acls remove',
    );
    assert.match(removed, /^removed: User:kafe-nobody ALLOW READ on TOPIC /);
    const after = JSON.parse(
      succeeded(await kafe(['acls', 'list', '--topic', topic, '--json']), 'acls list'),
    ) as { operation: string }[];
    assert.deepEqual(
      after.map((b) => b.operation),
      ['DESCRIBE'],
    );
  });

  it('shows the settings a command would use without the password', async () => {
    const shown = succeeded(await kafe(['profiles', 'show']), 'profiles show');
    assert.match(shown, /brokersFrom: profile admin/);
    assert.match(shown, /"passwordEnv":"ADMIN_PASSWORD"/);
    assert.doesNotMatch(shown, new RegExp(testUsers.plain.password));
    const nobody = succeeded(
      await kafe(['profiles', 'show', '--profile', 'nobody', '--json']),
      'profiles show',
    );
    assert.equal(JSON.parse(nobody).sasl.password, '[hidden]');
    assert.doesNotMatch(nobody, new RegExp(testUsers.nobody.password));
  });

  it('fails in one line when the password is wrong', async () => {
    const run = await kafeOn(cluster, ['topics', 'list', '--timeout', '10s'], {
      env: { ...env, ADMIN_PASSWORD: 'wrong' },
    });
    assert.equal(run.exitCode, 1);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(run.stderr, /^kafe: .*(Authentication failed|SASL_AUTHENTICATION_FAILED)/);
  });
});
