/**
 * Byte-for-byte agreement of kafe's generated message codecs with Apache Kafka's own generated
 * classes (kafka-clients 4.4.0), in both directions, for every message in `messageCodecs` and
 * every version. How it works and how to run it: test/java-agreement/README.md.
 *
 * One JVM serves the whole file; the requests of all versions of a message are pipelined.
 * Skips (saying why) only when Java, javac or the jars cannot be had.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { messageCodecs } from '../../../src/protocol/messages/index.js';
import {
  checkVersion,
  describeByteDifference,
  type MessageCodec,
} from '../../java-agreement/agreement-check.js';
import { JavaOracle } from '../../java-agreement/java-oracle.js';
import { type MessageSpec, parseMessageSpec } from '../../java-agreement/spec.js';

const SEED = process.env.KAFE_AGREEMENT_SEED ?? 'kafe-agreement-1';
const TITLE = "agreement with Apache Kafka's serializers";

async function specOf(oracle: JavaOracle, name: string): Promise<MessageSpec> {
  const reply = await oracle.request({ op: 'spec', name });
  if (!reply.ok || reply.spec === undefined)
    assert.fail(`the kafka-clients jar has no spec for ${name}: ${reply.error}`);
  return parseMessageSpec(reply.spec);
}

function report(name: string, version: number, problems: readonly string[]): string {
  const lines = problems.map((p) => `  - ${p.replaceAll('\n', '\n    ')}`);
  return `${name} v${version} (seed '${SEED}'):\n${lines.join('\n')}`;
}

/** Runs every version of one message (pipelined), then reports each version as a subtest. */
async function checkMessage(
  t: test.TestContext,
  oracle: JavaOracle,
  spec: MessageSpec,
  codec: MessageCodec | undefined,
  versions: readonly number[],
): Promise<void> {
  const results = await Promise.all(versions.map((v) => checkVersion(oracle, spec, codec, v, SEED)));
  for (const result of results) {
    await t.test(`v${result.version}`, () => {
      if (result.problems.length) assert.fail(report(spec.name, result.version, result.problems));
    });
  }
}

function range(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

const oracle = JavaOracle.start();
const codecs: Readonly<Record<string, MessageCodec>> = messageCodecs;

if (typeof oracle === 'string') {
  test(TITLE, (t) => {
    t.skip(`cannot run Apache Kafka's serializers here: ${oracle}`);
  });
} else {
  after(() => oracle.close());

  test('the comparison names the first differing byte and its field', async () => {
    // Guards the reporting itself: two encodings that differ only in CorrelationId.
    const spec = await specOf(oracle, 'RequestHeader');
    const header = { requestApiKey: 1, requestApiVersion: 12, correlationId: 7, clientId: 'kafe' };
    const [a, b] = await Promise.all(
      [7, 8].map((correlationId) =>
        oracle.request({
          op: 'encode',
          name: 'RequestHeader',
          version: 2,
          json: { ...header, correlationId },
        }),
      ),
    );
    const bytes = (r: typeof a) => Uint8Array.from(Buffer.from(r?.hex ?? '', 'hex'));
    assert.equal(describeByteDifference(spec, 2, bytes(a), bytes(a)), undefined);
    const diff = describeByteDifference(spec, 2, bytes(a), bytes(b));
    assert.match(diff ?? '', /^bytes differ at offset 7 .*field there: \/correlationId \[bytes 4\.\.8\)/);
  });

  const jarNames = (await oracle.request({ op: 'list' })).names ?? [];
  const uncovered = jarNames.filter((n) => !(n in codecs));
  if (uncovered.length) test.todo(`specs in the jar without a kafe codec: ${uncovered.join(', ')}`);

  for (const name of Object.keys(codecs).sort()) {
    const codec = codecs[name] as MessageCodec;
    test(name, async (t) => {
      const spec = await specOf(oracle, name);
      await t.test('version ranges match the spec', () => {
        const valid = spec.validVersions ? [spec.validVersions.min, spec.validVersions.max] : null;
        const flexible = spec.flexibleVersions
          ? [spec.flexibleVersions.min, Math.min(spec.flexibleVersions.max, valid?.[1] ?? 0)]
          : null;
        assert.deepEqual([...codec.validVersions], valid, `${name}: validVersions`);
        assert.deepEqual(
          codec.flexibleVersions && [...codec.flexibleVersions],
          flexible,
          `${name}: flexibleVersions`,
        );
      });
      await checkMessage(t, oracle, spec, codec, range(codec.validVersions[0], codec.validVersions[1]));
    });
  }
}
