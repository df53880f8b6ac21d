/**
 * updateFeatures on Kafka 4.x, without changing what the other tests of the cluster see: a
 * downgrade only validated (kafka-features still shows the level), a real update to the level a
 * feature has, and a request with an impossible level that fails every feature of it (the
 * controller applies all or none), each feature's error typed and naming it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterUnderTest, kafkaUnderTest } from '../cluster-under-test.js';
import { describedFeatures, runTool } from '../security-tools.js';

describe('updateFeatures through Kafka#admin() (Kafka 4.x)', () => {
  const cluster = clusterUnderTest();
  const admin = kafkaUnderTest({ clientId: 'kafe-features' }).admin();
  const level = async (feature: string) =>
    describedFeatures(await runTool(cluster, 'features', ['describe'])).get(feature)?.finalized;

  it('validates a downgrade without applying it (kafka-features --dry-run)', async () => {
    const current = (await admin.describeFeatures()).finalizedFeatures['transaction.version']
      ?.maxVersionLevel;
    assert.ok(current !== undefined && current >= 1);
    const update = {
      feature: 'transaction.version',
      maxVersionLevel: current - 1,
      upgradeType: 'SAFE_DOWNGRADE',
    } as const;
    (await admin.updateFeatures([update], { validateOnly: true })).throwIfFailed();
    assert.equal(await level('transaction.version'), String(current));
  });

  it('applies an update to the level a feature has', async () => {
    const current = (await admin.describeFeatures()).finalizedFeatures['group.version']?.maxVersionLevel;
    assert.ok(current !== undefined);
    (await admin.updateFeatures([{ feature: 'group.version', maxVersionLevel: current }])).throwIfFailed();
    assert.equal(await level('group.version'), String(current));
  });

  it('fails every feature of a request with an impossible level, each typed and named', async () => {
    const supported =
      (await admin.describeFeatures()).supportedFeatures['transaction.version']?.maxVersion ?? 0;
    const tooHigh = { feature: 'transaction.version', maxVersionLevel: supported + 1 };
    const fine = { feature: 'group.version', maxVersionLevel: 1 };
    const unknown = { feature: 'no.such.version', maxVersionLevel: 1 };
    const results = await admin.updateFeatures([tooHigh, fine, unknown], { validateOnly: true });
    for (const update of [tooHigh, fine, unknown]) {
      const error = results.error(update);
      assert.equal(error?.code, 'INVALID_UPDATE_VERSION', update.feature);
      assert.match(error?.message ?? '', new RegExp(`^feature ${update.feature.replaceAll('.', '\\.')}: `));
    }
    const refused = await admin.updateFeatures([{ feature: '', maxVersionLevel: 1 }]);
    assert.equal(refused.errors[0]?.code, 'INVALID_ARGUMENT');
  });
});
