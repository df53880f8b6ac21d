/**
 * The packed package's `kafe` runs from a fresh `npm install` of the tarball, with no tsx or
 * TypeScript there, and talks to the profile's broker (`scripts/pack-check.ts`).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packAndInstall, runInstalledKafe } from '../../../scripts/pack-check.js';
import { clusterUnderTest, createTopic, uniqueTopic } from '../cluster-under-test.js';

describe('kafe from the packed package', () => {
  it('runs npx kafe --help and kafe topics list after npm install of the tarball', async () => {
    const cluster = clusterUnderTest();
    const installed = packAndInstall();
    assert.equal(existsSync(join(installed.dir, 'node_modules', 'tsx')), false);
    assert.equal(existsSync(join(installed.dir, 'node_modules', 'typescript')), false);
    const help = runInstalledKafe(installed, ['--help']);
    assert.equal(help.exitCode, 0, help.stderr);
    assert.match(help.stdout, /^Usage: kafe COMMAND/);
    const topic = uniqueTopic('cli-packed');
    await createTopic(cluster, topic, 2, 1);
    const listed = runInstalledKafe(installed, ['topics', 'list', '-b', cluster.bootstrapFor('plaintext')]);
    assert.equal(listed.exitCode, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${topic} +2 +1$`, 'm'));
  });
});
