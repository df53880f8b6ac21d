/**
 * A client sending nonsense must not bring FakeKafka down: every API the fake serves, at every
 * version it advertises, is sent valid requests full of sample values (huge counts, odd
 * strings, nulls) and mutated ones (flipped, cut, inserted bytes); the fake may answer, refuse
 * or close those connections, and afterwards still serves a real client.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { loadGeneratedSpecs } from '../../../codegen/generate.js';
import { findSpecSource } from '../../../codegen/spec-source.js';
import { Kafka } from '../../../src/kafka.js';
import { apiKeys, requestHeaderVersion } from '../../../src/protocol/messages/index.js';
import { encodeRequestHeader } from '../../../src/protocol/messages/request-header.js';
import { Writer } from '../../../src/protocol/primitives/writer.js';
import { handlers } from '../../../src/testing/handlers/index.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { fuzzTargets, prng } from '../../support/message-fuzzer.js';

const source = findSpecSource({ allowFallback: false });
const specs = source === undefined ? [] : loadGeneratedSpecs(source.dir, source.legacyDir);

/** A request frame: size, header for `apiKey` at `version`, then `body` as given. */
function frame(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const w = new Writer(64);
  w.writeInt32(0);
  encodeRequestHeader(
    w,
    { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: 'fuzz' },
    requestHeaderVersion(apiKey, version),
  );
  const head = Buffer.from(w.finish());
  const out = Buffer.concat([head, body]);
  out.writeInt32BE(out.length - 4, 0);
  return out;
}

/**
 * Writes `frames` on one connection and ends it: the fake reads them all, answers what it can
 * into a closed socket (some requests wait by design: a join round, a long-poll fetch).
 */
function sendAll(port: number, frames: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.on('close', () => resolve());
    socket.on('connect', () => {
      for (const f of frames) socket.write(f);
      socket.end();
    });
    socket.resume();
  });
}

test('nonsense requests of every served API and version leave the fake serving', async () => {
  const fake = await FakeKafka.start({ brokers: 2, topics: ['t'] });
  try {
    const served = new Set([...handlers.keys()].map((api) => `${api}Request`));
    const targets = fuzzTargets(specs, (name) => served.has(name));
    const rnd = prng(0x66616b65);
    const port = fake.brokers[0]?.port ?? 0;
    let correlationId = 0;
    for (const target of targets) {
      const apiKey =
        (apiKeys as Record<string, { key: number }>)[target.name.replace(/Request$/, '')]?.key ?? -1;
      const frames = target.seeds.map((seed) =>
        frame(apiKey, target.version, correlationId++, Buffer.from(seed)),
      );
      for (let i = 0; i < 4; i++) {
        const seed = Buffer.from(target.seeds[Math.floor(rnd() * target.seeds.length)] ?? Buffer.alloc(0));
        for (let flips = 0; flips < 3 && seed.length > 0; flips++)
          seed[Math.floor(rnd() * seed.length)]! ^= 1 << Math.floor(rnd() * 8);
        frames.push(
          frame(
            apiKey,
            target.version,
            correlationId++,
            seed.subarray(0, Math.floor(rnd() * (seed.length + 1))),
          ),
        );
      }
      await sendAll(port, frames);
    }
    assert.ok(fake.requests().length > 100, `${fake.requests().length} requests reached the fake`);
    const kafka = new Kafka({ brokers: fake.bootstrap, retryBackoffMs: 5, reconnectBackoffMs: 5 });
    try {
      const { offset } = await kafka.producer().send({ topic: 't', value: 'still serving' });
      assert.equal(fake.records('t', 0).at(-1)?.offset, offset);
    } finally {
      await kafka.close();
    }
  } finally {
    await fake.close();
  }
});
