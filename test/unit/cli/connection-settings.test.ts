import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { kafkaOptionsOf, resolveSettings } from '../../../src/cli/connection-settings.js';
import { cleanEnv, runKafeHere } from '../../support/kafe-cli.js';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kafe-cli-test-')), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const profiles = {
  currentProfile: 'local',
  profiles: {
    local: { brokers: 'localhost:9092' },
    prod: {
      brokers: ['b1:9093', 'b2:9093'],
      clientId: 'ops',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'ops', password: 'profile-secret' },
    },
  },
};

describe('kafe connection settings', () => {
  it('takes brokers from the flag, then KAFE_BROKERS, then the profile', () => {
    const config = configFile(profiles);
    const env = cleanEnv({ KAFE_CONFIG: config });
    assert.deepEqual(resolveSettings({}, env).brokers, ['localhost:9092']);
    assert.equal(resolveSettings({}, env).source, 'profile local');
    assert.deepEqual(resolveSettings({ profile: 'prod' }, env).brokers, ['b1:9093', 'b2:9093']);
    const withEnv = { ...env, KAFE_BROKERS: 'e1:1, e2:2' };
    assert.deepEqual(resolveSettings({ profile: 'prod' }, withEnv).brokers, ['e1:1', 'e2:2']);
    assert.deepEqual(resolveSettings({ brokers: 'f:1', profile: 'prod' }, withEnv).brokers, ['f:1']);
  });

  it('takes the SASL password from KAFE_SASL_PASSWORD over the profile', () => {
    const env = cleanEnv({ KAFE_CONFIG: configFile(profiles), KAFE_PROFILE: 'prod' });
    const fromProfile = kafkaOptionsOf(resolveSettings({}, env), env);
    assert.deepEqual(fromProfile.sasl, {
      mechanism: 'SCRAM-SHA-512',
      username: 'ops',
      password: 'profile-secret',
    });
    const envWins = { ...env, KAFE_SASL_PASSWORD: 'env-secret' };
    assert.equal(
      (kafkaOptionsOf(resolveSettings({}, envWins), envWins).sasl as { password: string }).password,
      'env-secret',
    );
  });

  it('reads a password from the variable the profile names, and says which is missing', () => {
    const config = configFile({
      profiles: { p: { brokers: 'b:1', sasl: { mechanism: 'PLAIN', username: 'u', passwordEnv: 'MY_PW' } } },
    });
    const env = cleanEnv({ KAFE_CONFIG: config, KAFE_PROFILE: 'p', MY_PW: 'from-var' });
    assert.equal(
      (kafkaOptionsOf(resolveSettings({}, env), env).sasl as { password: string }).password,
      'from-var',
    );
    const unset = cleanEnv({ KAFE_CONFIG: config, KAFE_PROFILE: 'p' });
    assert.throws(() => kafkaOptionsOf(resolveSettings({}, unset), unset), /from \$MY_PW, which is not set/);
  });

  it('reads TLS files when connecting and names a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafe-cli-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    const env = cleanEnv({ KAFE_BROKERS: 'b:1', KAFE_TLS_CA: join(dir, 'ca.pem') });
    assert.deepEqual(kafkaOptionsOf(resolveSettings({}, env), env).tls, { ca: Buffer.from('CA') });
    const missing = { ...env, KAFE_TLS_CA: join(dir, 'nope.pem') };
    assert.throws(
      () => kafkaOptionsOf(resolveSettings({}, missing), missing),
      /TLS CA: cannot read .*nope\.pem: ENOENT/,
    );
    assert.equal(
      kafkaOptionsOf(resolveSettings({ tls: true }, cleanEnv({ KAFE_BROKERS: 'b:1' })), {}).tls,
      true,
    );
  });

  it('never prints a secret: profiles show hides passwords from the profile and the environment', async () => {
    const env = cleanEnv({ KAFE_CONFIG: configFile(profiles), KAFE_SASL_PASSWORD: 'env-secret' });
    for (const args of [
      ['profiles', 'show', '--profile', 'prod'],
      ['profiles', 'show', '--profile', 'prod', '--json'],
    ]) {
      const run = await runKafeHere(args, { env });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /secret/);
      assert.match(run.stdout, /\[hidden\]/);
    }
    const listed = await runKafeHere(['profiles', 'list', '--json'], { env });
    assert.deepEqual(
      JSON.parse(listed.stdout).profiles.map((p: { name: string; current: boolean }) => [p.name, p.current]),
      [
        ['local', true],
        ['prod', false],
      ],
    );
  });

  it('refuses an unknown profile with exit 3 and a malformed file with exit 2, naming the key', async () => {
    const unknown = await runKafeHere(['profiles', 'show', '--profile', 'staging'], {
      env: cleanEnv({ KAFE_CONFIG: configFile(profiles) }),
    });
    assert.equal(unknown.exitCode, 3);
    assert.match(unknown.stderr, /no profile "staging" in .*config\.json \(profiles: local, prod\)/);
    const typo = await runKafeHere(['profiles', 'show'], {
      env: cleanEnv({ KAFE_CONFIG: configFile({ profiles: { a: { broker: 'x:1' } } }) }),
    });
    assert.equal(typo.exitCode, 2);
    assert.match(typo.stderr, /profiles\.a has an unknown key "broker"/);
    const notJson = await runKafeHere(['profiles', 'list'], {
      env: cleanEnv({ KAFE_CONFIG: configFile('{ nope') }),
    });
    assert.equal(notJson.exitCode, 2);
    assert.match(notJson.stderr, /is not valid JSON/);
  });
});
