/**
 * Delegation tokens through `Kafka#admin()` (KIP-48): a token kafe created authenticates a kafe
 * client over SCRAM with `tokenauth` (as its owner, a super user) and `kafka-delegation-tokens`
 * describes it; a token the tool created is renewed by its renewer and expired by kafe; typed
 * errors where Kafka refuses (a PLAINTEXT or token-authenticated requester, the user without
 * rights acting on another's token).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { testUsers } from '../../../harness/broker-config.js';
import type { JavaClientAuth } from '../../../harness/java-tools.js';
import { Kafka } from '../../../src/kafka.js';
import {
  clusterUnderTest,
  createTopic,
  eventually,
  kafkaUnderTest,
  uniqueTopic,
} from '../cluster-under-test.js';
import { listedTokens, runTool } from '../security-tools.js';

const rejectsWith = (code: string) => (e: Error & { code?: string }) => e.code === code;

describe('delegation tokens through Kafka#admin()', () => {
  const cluster = clusterUnderTest();
  const brokers = cluster.bootstrapFor('sasl').split(',');
  const owner = `User:${testUsers.scram.username}`;
  const renewer = `User:${testUsers.nobody.username}`;
  const scram: JavaClientAuth = { listener: 'sasl', mechanism: 'SCRAM-SHA-512' };
  const admin = kafkaUnderTest({
    clientId: 'kafe-token-admin',
    brokers,
    sasl: { mechanism: 'SCRAM-SHA-512', ...testUsers.scram },
  }).admin();
  const nobody = kafkaUnderTest({
    clientId: 'kafe-token-nobody',
    brokers,
    sasl: { mechanism: 'SCRAM-SHA-256', ...testUsers.nobody },
  }).admin();

  it('creates a token that authenticates kafe over SCRAM as its owner, and kafka-delegation-tokens describes it', async () => {
    const topic = uniqueTopic('token-visible');
    await createTopic(cluster, topic, 1, 1);
    const token = await admin.createDelegationToken({ renewers: [renewer], maxLifetimeMs: 3_600_000 });
    assert.equal(token.owner, owner);
    assert.equal(token.requester, owner);
    assert.deepEqual(token.renewers, [renewer]);
    assert.ok(token.issueTimestamp <= token.expiryTimestamp && token.expiryTimestamp <= token.maxTimestamp);
    assert.ok(token.maxTimestamp - token.issueTimestamp <= 3_600_000);
    const password = token.hmac.toString('base64');
    // The HMAC is the token's password: printing or serialising a token leaves it out.
    assert.ok(!`${inspect(token, { depth: 5 })}${JSON.stringify(token)}`.includes(password));

    const listed = listedTokens(
      await runTool(cluster, 'delegation-tokens', ['--describe', '--owner-principal', owner], scram),
    );
    assert.deepEqual(
      listed.find((t) => t.tokenId === token.tokenId),
      { tokenId: token.tokenId, hmac: password, owner, requester: owner, renewers: [renewer] },
    );

    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
      const withToken = new Kafka({
        brokers,
        sasl: { mechanism, username: token.tokenId, password, tokenAuthentication: true },
        timeoutMs: 10_000,
      });
      try {
        // Only a super user sees the topic: the token authenticated as its owner. The broker
        // knows the token once it has applied the controller's record.
        const topics = await eventually(`authenticated with the token over ${mechanism}`, 15_000, () =>
          withToken.admin().listTopics(),
        );
        assert.ok(topics.some((t) => t.topic === topic));
        // KIP-48: a client authenticated with a token may not create tokens.
        await assert.rejects(
          withToken.admin().createDelegationToken(),
          rejectsWith('DELEGATION_TOKEN_REQUEST_NOT_ALLOWED'),
        );
      } finally {
        await withToken.close();
      }
    }
  });

  it('renews a token kafka-delegation-tokens created as its renewer, and expires it', async () => {
    const [created] = listedTokens(
      await runTool(
        cluster,
        'delegation-tokens',
        ['--create', '--max-life-time-period', '-1', '--renewer-principal', renewer],
        scram,
      ),
    );
    assert.ok(created);
    const hmac = Buffer.from(created.hmac, 'base64');
    // The tool's broker answered once the controller accepted the token; the broker kafe asks
    // lists it once it has applied that metadata record.
    const described = await eventually('the created token described', 15_000, async () => {
      const [found] = (await admin.describeDelegationToken({ owners: [owner] })).filter(
        (t) => t.tokenId === created.tokenId,
      );
      return found;
    });
    assert.deepEqual(described.hmac, hmac);
    assert.deepEqual(described.renewers, [renewer]);

    const before = Date.now();
    const renewed = await nobody.renewDelegationToken(hmac, { renewTimePeriodMs: 120_000 });
    assert.ok(renewed >= before + 110_000 && renewed <= Date.now() + 130_000, `${renewed - before}`);
    // Brokers answer describeDelegationToken from their copy of the metadata log.
    await eventually('the renewal described', 15_000, async () => {
      const [now] = (await admin.describeDelegationToken({ owners: [owner] })).filter(
        (t) => t.tokenId === created.tokenId,
      );
      return now?.expiryTimestamp === renewed ? now : undefined;
    });

    await admin.expireDelegationToken(hmac);
    await eventually('the token gone', 15_000, async () => {
      const left = await admin.describeDelegationToken({ owners: [owner] });
      return left.some((t) => t.tokenId === created.tokenId) ? undefined : left;
    });
    const tool = listedTokens(
      await runTool(cluster, 'delegation-tokens', ['--describe', '--owner-principal', owner], scram),
    );
    assert.equal(
      tool.some((t) => t.tokenId === created.tokenId),
      false,
    );
    await assert.rejects(admin.renewDelegationToken(hmac), rejectsWith('DELEGATION_TOKEN_NOT_FOUND'));
  });

  it('is refused to a PLAINTEXT client, for another owner without CREATE_TOKENS, and to who is neither owner nor renewer', async () => {
    const plaintext = kafkaUnderTest({ clientId: 'kafe-token-plaintext' }).admin();
    await assert.rejects(
      plaintext.createDelegationToken(),
      rejectsWith('DELEGATION_TOKEN_REQUEST_NOT_ALLOWED'),
    );
    await assert.rejects(
      nobody.createDelegationToken({ owner }),
      rejectsWith('DELEGATION_TOKEN_AUTHORIZATION_FAILED'),
    );
    await assert.rejects(nobody.createDelegationToken({ owner: 'alice' }), rejectsWith('INVALID_ARGUMENT'));
    const own = await admin.createDelegationToken();
    try {
      await eventually('the broker knows the token', 15_000, async () => {
        const tokens = await admin.describeDelegationToken({ owners: [owner] });
        return tokens.some((t) => t.tokenId === own.tokenId) || undefined;
      });
      await assert.rejects(
        nobody.renewDelegationToken(own.hmac),
        rejectsWith('DELEGATION_TOKEN_OWNER_MISMATCH'),
      );
      await assert.rejects(
        nobody.expireDelegationToken(own.hmac),
        rejectsWith('DELEGATION_TOKEN_OWNER_MISMATCH'),
      );
    } finally {
      await admin.expireDelegationToken(own.hmac);
    }
  });
});
