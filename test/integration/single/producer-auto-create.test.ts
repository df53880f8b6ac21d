/**
 * Topic auto-creation on a real Kafka 4.x broker (`auto.create.topics.enable=true`, the harness's
 * setting and Kafka's default): the producer's default asks for a missing topic and delivers to
 * it; with `allowAutoTopicCreation: false` the topic stays missing and records fail with
 * UnknownTopicError; a name the broker calls invalid fails at once with its INVALID_TOPIC_EXCEPTION
 * (Java `Metadata#maybeThrowExceptionForTopic`), not after the metadata wait.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnknownTopicError } from '../../../src/producer/errors.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('Producer and topic auto-creation on a Kafka 4.x broker', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-autocreate-it' });

  it('creates a missing topic on demand by default and delivers to it', async () => {
    const topic = uniqueTopic('autocreated');
    const producer = kafka.producer();
    const first = await producer.send({ topic, value: 'first' });
    const second = await producer.send({ topic, value: 'second' });
    await producer.close();
    assert.equal(first.offset, 0n);
    assert.equal(second.offset, first.partition === second.partition ? 1n : 0n);
    const topics = await kafka.admin().listTopics();
    assert.ok(
      topics.some((t) => t.topic === topic),
      'the topic exists now',
    );
  });

  it('with allowAutoTopicCreation off, fails with UnknownTopicError and creates nothing', async () => {
    const topic = uniqueTopic('not-created');
    const producer = kafka.producer({ allowAutoTopicCreation: false, metadataMaxWaitMs: 1500 });
    const error = await producer.send({ topic, value: 'x' }).catch((e: unknown) => e);
    await producer.close();
    assert.ok(error instanceof UnknownTopicError, String(error));
    assert.equal(error.topic, topic);
    const topics = await kafka.admin().listTopics();
    assert.ok(!topics.some((t) => t.topic === topic), 'still missing');
  });

  it('fails a record for an invalid topic name with the broker INVALID_TOPIC_EXCEPTION, before the metadata wait ends', async () => {
    // A wait longer than any test run: a failure that waited for it would time the test out.
    const producer = kafka.producer({ metadataMaxWaitMs: 3_600_000 });
    const error = await producer
      .send({ topic: `${uniqueTopic('invalid')})(*&^%`, value: 'x' })
      .catch((e: unknown) => e);
    const next = await producer.send({ topic: uniqueTopic('valid-after'), value: 'y' });
    await producer.close();
    assert.ok(error instanceof BrokerError, String(error));
    assert.equal(error.code, 'INVALID_TOPIC_EXCEPTION');
    assert.equal(next.offset, 0n);
  });
});
