/**
 * The packed package's `kafe` runs from a fresh `npm install` of the tarball, with no tsx or
 * TypeScript there, and talks to the profile's broker (`scripts/pack-check.ts`).
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { type InstalledPackage, packAndInstall, runInstalledKafe } from '../../../scripts/pack-check.js';
import { clusterUnderTest, createTopic, uniqueTopic } from '../cluster-under-test.js';

describe('kafe from the packed package', () => {
  let installed: InstalledPackage;
  before(async () => {
    installed = await packAndInstall();
  });

  it('runs npx kafe --help and kafe topics list after npm install of the tarball', async () => {
    const cluster = clusterUnderTest();
    assert.equal(existsSync(join(installed.dir, 'node_modules', 'tsx')), false);
    assert.equal(existsSync(join(installed.dir, 'node_modules', 'typescript')), false);
    assert.equal(existsSync(join(installed.dir, 'node_modules', 'kafe', 'dist', 'cli', 'kafe.js')), true);
    const help = runInstalledKafe(installed, ['--help']);
    assert.equal(help.exitCode, 0, help.stderr);
    assert.match(help.stdout, /^Usage: kafe COMMAND/);
    const topic = uniqueTopic('cli-packed');
    await createTopic(cluster, topic, 2, 1);
    const listed = runInstalledKafe(installed, ['topics', 'list', '-b', cluster.bootstrapFor('plaintext')]);
    assert.equal(listed.exitCode, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${topic} +2 +1$`, 'm'));
  });

  it('compresses and decompresses zstd with the WebAssembly libzstd the bundled command loads', async () => {
    // The command is bundled (`scripts/bundle-cli.ts`) and its dependencies are not: this proves
    // the bundle still finds @bokuweb/zstd-wasm and its .wasm file where npm installed them.
    // A preload hides node:zlib's native zstd, as on a Node without it (Node 20).
    const cluster = clusterUnderTest();
    const preload = join(installed.dir, 'hide-native-zstd.mjs');
    writeFileSync(
      preload,
      "import zlib from 'node:zlib';\nimport { syncBuiltinESMExports } from 'node:module';\n" +
        'zlib.zstdCompressSync = undefined;\nzlib.zstdDecompressSync = undefined;\nsyncBuiltinESMExports();\n' +
        // kafe reads the module's named exports: fail here, not pass on native zstd, if they still show it.
        "if ((await import('node:zlib')).zstdCompressSync) throw new Error('native zstd still visible');\n",
    );
    const lines = join(installed.dir, 'lines.txt');
    writeFileSync(lines, 'zstd one\nzstd two\n');
    const topic = uniqueTopic('cli-packed-zstd');
    await createTopic(cluster, topic, 1, 1);
    const env = { ...process.env, NODE_OPTIONS: `--import=${preload}` };
    const brokers = ['-b', cluster.bootstrapFor('plaintext')];
    const produced = runInstalledKafe(installed, ['produce', topic, lines, '-z', 'zstd', ...brokers], env);
    assert.equal(produced.exitCode, 0, produced.stderr);
    const consumed = runInstalledKafe(installed, ['consume', topic, '--exit', ...brokers], env);
    assert.equal(consumed.exitCode, 0, consumed.stderr);
    assert.equal(consumed.stdout, 'zstd one\nzstd two\n');
  });
});
