/**
 * Byte-for-byte agreement of kafe's generated message codecs with Apache Kafka's own generated
 * classes, in both directions, for every message in `messageCodecs` and every version: those of
 * the 4.4.0 specs against kafka-clients 4.4.0, the older ones kafe takes from the 3.9.2 specs
 * (removed in 4.0 by KIP-896) against kafka-clients 3.9.2. How it works and how to run it:
 * test/java-agreement/README.md.
 *
 * One JVM per jar serves the whole file; the requests of all versions of a message are
 * pipelined. Skips (saying why) only when Java, javac or the jars cannot be had.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { OMITTED_DATA_SPECS } from '../../../codegen/generate.js';
import { messageCodecs } from '../../../src/protocol/messages/index.js';
import {
  checkVersion,
  describeByteDifference,
  type MessageCodec,
} from '../../java-agreement/agreement-check.js';
import { CURRENT_RELEASE, JavaOracle, LEGACY_RELEASE } from '../../java-agreement/java-oracle.js';
import { type MessageSpec, parseMessageSpec, type VersionRange } from '../../java-agreement/spec.js';

const SEED = process.env.KAFE_AGREEMENT_SEED ?? 'kafe-agreement-1';
const TITLE = "agreement with Apache Kafka's serializers";

async function specOf(oracle: JavaOracle, name: string): Promise<MessageSpec> {
  const spec = await maybeSpecOf(oracle, name);
  if (spec === undefined) assert.fail(`the kafka-clients jar has no spec for ${name}`);
  return spec;
}

async function maybeSpecOf(oracle: JavaOracle, name: string): Promise<MessageSpec | undefined> {
  const reply = await oracle.request({ op: 'spec', name });
  return reply.ok && reply.spec !== undefined ? parseMessageSpec(reply.spec) : undefined;
}

function report(name: string, version: number, problems: readonly string[], release: string): string {
  const lines = problems.map((p) => `  - ${p.replaceAll('\n', '\n    ')}`);
  return `${name} v${version}, kafka-clients ${release} (seed '${SEED}'):\n${lines.join('\n')}`;
}

/**
 * The versions the 3.9.2 jar defines below the 4.4.0 minimum, which kafe must generate from it;
 * an unstable top version (KIP-932's early-access Share* v0) excepted, judged on the request.
 * Only APIs: headers and data messages lost no version a 3.x broker needs.
 */
function expectedLegacy(
  current: MessageSpec,
  legacy: MessageSpec | undefined,
  legacyRequest: MessageSpec | undefined,
): VersionRange | null {
  if (current.apiKey === undefined || legacy?.validVersions == null || current.validVersions === null)
    return null;
  const min = legacy.validVersions.min;
  let max = Math.min(legacy.validVersions.max, current.validVersions.min - 1);
  if (legacyRequest?.latestVersionUnstable && max === legacyRequest.validVersions?.max) max--;
  return max >= min ? { min, max } : null;
}

/** Runs every version of one message (pipelined), then reports each version as a subtest. */
async function checkMessage(
  t: test.TestContext,
  oracle: JavaOracle,
  spec: MessageSpec,
  codec: MessageCodec | undefined,
  versions: readonly number[],
  release: string,
): Promise<void> {
  const results = await Promise.all(versions.map((v) => checkVersion(oracle, spec, codec, v, SEED)));
  const suffix = release === CURRENT_RELEASE ? '' : ` (kafka-clients ${release})`;
  for (const result of results) {
    await t.test(`v${result.version}${suffix}`, () => {
      if (result.problems.length) assert.fail(report(spec.name, result.version, result.problems, release));
    });
  }
}

function range(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

const oracle = JavaOracle.start(CURRENT_RELEASE);
const legacyOracle = typeof oracle === 'string' ? oracle : JavaOracle.start(LEGACY_RELEASE);
const codecs: Readonly<Record<string, MessageCodec>> = messageCodecs;

if (typeof oracle === 'string' || typeof legacyOracle === 'string') {
  const why = typeof oracle === 'string' ? oracle : legacyOracle;
  test(TITLE, (t) => {
    t.skip(`cannot run Apache Kafka's serializers here: ${why}`);
  });
  if (typeof oracle !== 'string') await oracle.close();
} else {
  after(() => Promise.all([oracle.close(), legacyOracle.close()]));

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

  test('every spec in the jar has a kafe codec, but the data specs codegen omits on purpose', async () => {
    const jarNames = (await oracle.request({ op: 'list' })).names ?? [];
    assert.ok(jarNames.length > 150, `the jar lists ${jarNames.length} specs`);
    const uncovered = jarNames.filter((n) => !(n in codecs)).sort();
    assert.deepEqual(uncovered, [...OMITTED_DATA_SPECS].sort());
  });

  for (const name of Object.keys(codecs).sort()) {
    const codec = codecs[name] as MessageCodec;
    test(name, async (t) => {
      const spec = await specOf(oracle, name);
      const [oldSpec, oldRequest] = await Promise.all([
        maybeSpecOf(legacyOracle, name),
        maybeSpecOf(legacyOracle, name.replace(/Response$/, 'Request')),
      ]);
      const legacy = expectedLegacy(spec, oldSpec, oldRequest);
      await t.test('version ranges match the specs', () => {
        const valid = spec.validVersions
          ? [legacy?.min ?? spec.validVersions.min, spec.validVersions.max]
          : null;
        const flexible = spec.flexibleVersions
          ? [spec.flexibleVersions.min, Math.min(spec.flexibleVersions.max, valid?.[1] ?? 0)]
          : null;
        assert.deepEqual([...codec.validVersions], valid, `${name}: validVersions`);
        assert.deepEqual(
          codec.legacyVersions && [...codec.legacyVersions],
          legacy === null ? undefined : [legacy.min, legacy.max],
          `${name}: legacyVersions (from kafka-clients ${LEGACY_RELEASE})`,
        );
        assert.deepEqual(
          codec.flexibleVersions && [...codec.flexibleVersions],
          flexible,
          `${name}: flexibleVersions`,
        );
      });
      if (spec.validVersions !== null) {
        const { min, max } = spec.validVersions;
        await checkMessage(t, oracle, spec, codec, range(min, max), CURRENT_RELEASE);
      }
      if (legacy !== null && oldSpec !== undefined) {
        await checkMessage(t, legacyOracle, oldSpec, codec, range(legacy.min, legacy.max), LEGACY_RELEASE);
      }
    });
  }
}
