/**
 * KIP-714's client side with a scripted broker connection (the real broker test is
 * `test/integration/single/client-telemetry.test.ts`): nothing pushed without a subscription
 * or without KIP-714 in ApiVersions, only subscribed metrics pushed (NaN ones left out), a new
 * subscription asked for after UNKNOWN_SUBSCRIPTION_ID, a terminating push on close, and no
 * connection opened by telemetry itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientTelemetry } from '../../../src/cluster/client-telemetry.js';
import type { Connection } from '../../../src/net/connection.js';
import { UnsupportedVersionError } from '../../../src/net/errors.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { until } from '../../support/until.js';

interface Push {
  readonly subscriptionId: number;
  readonly terminating: boolean;
  readonly compressionType: number;
  readonly metrics: Uint8Array;
}

/** A broker connection answering the two telemetry APIs from a script. */
function scripted(options: { kip714?: boolean; prefixes?: string[]; pushErrors?: number[] }) {
  const pushes: Push[] = [];
  let subscriptions = 0;
  const connection = {
    versionFor(api: string) {
      if (options.kip714 === false) throw new UnsupportedVersionError(api, 'not advertised');
      return 0;
    },
    async send(api: string, body: unknown) {
      if (api === 'GetTelemetrySubscriptions') {
        subscriptions++;
        return {
          throttleTimeMs: 0,
          errorCode: 0,
          clientInstanceId: 'AAAAAAAAAAAAAAAAAAAAAQ',
          subscriptionId: subscriptions,
          acceptedCompressionTypes: [4, 1],
          pushIntervalMs: 20,
          telemetryMaxBytes: 1_000_000,
          deltaTemporality: false,
          requestedMetrics: options.prefixes ?? [],
        };
      }
      pushes.push(body as Push);
      return { throttleTimeMs: 0, errorCode: options.pushErrors?.shift() ?? 0 };
    },
  } as unknown as Connection;
  return { connection, pushes, subscriptions: () => subscriptions };
}

const software = { name: 'kafe', version: '0.1.0' };
const snapshot = () => ({
  'record-send-total': 5,
  'record-send-rate': 1.5,
  'batch-size-avg': Number.NaN,
  'connection-count': 1,
});

/** The metric names in an OTLP payload (the strings after a Metric's name tag, by search). */
function names(payload: Uint8Array): string[] {
  return [
    ...Buffer.from(payload)
      .toString('latin1')
      .matchAll(/org\.apache\.kafka\.[a-z.]+/g),
  ].map((m) => m[0]);
}

describe('ClientTelemetry (KIP-714)', () => {
  it('pushes only the subscribed metrics, gzip-compressed when accepted, and a terminating push on close', async () => {
    const broker = scripted({ prefixes: ['org.apache.kafka.producer.record.send'] });
    const t = new ClientTelemetry(
      { openConnection: () => broker.connection },
      { kind: 'producer', snapshot, software },
    );
    await until('two pushes', () => broker.pushes.length >= 2);
    await t.close();
    const last = broker.pushes.at(-1)!;
    assert.equal(last.terminating, true);
    assert.equal(broker.pushes.filter((p) => p.terminating).length, 1);
    assert.equal(last.compressionType, 1, 'gzip: kafe leaves zstd out');
    const { gunzipSync } = await import('node:zlib');
    assert.deepEqual(names(gunzipSync(last.metrics)).sort(), [
      'org.apache.kafka.producer.record.send.rate',
      'org.apache.kafka.producer.record.send.total',
    ]);
  });

  it('asks for the subscription again after UNKNOWN_SUBSCRIPTION_ID', async () => {
    const broker = scripted({ prefixes: [''], pushErrors: [errorCodes.UNKNOWN_SUBSCRIPTION_ID.code] });
    const t = new ClientTelemetry(
      { openConnection: () => broker.connection },
      { kind: 'consumer', snapshot, software },
    );
    await until('a second subscription and a push with it', () =>
      broker.pushes.some((p) => p.subscriptionId === 2),
    );
    await t.close();
  });

  it('pushes nothing without a subscription, without KIP-714, or without an open connection', async () => {
    const none = scripted({ prefixes: [] });
    const old = scripted({ kip714: false, prefixes: [''] });
    let asked = 0;
    const idle = new ClientTelemetry(
      {
        openConnection: () => {
          asked++;
          return undefined;
        },
      },
      { kind: 'producer', snapshot, software },
    );
    const a = new ClientTelemetry(
      { openConnection: () => none.connection },
      { kind: 'producer', snapshot, software },
    );
    const b = new ClientTelemetry(
      { openConnection: () => old.connection },
      { kind: 'producer', snapshot, software },
    );
    await until('the subscription asked for', () => none.subscriptions() >= 1 && asked >= 1);
    await Promise.all([a.close(), b.close(), idle.close()]);
    assert.deepEqual([none.pushes.length, old.pushes.length, old.subscriptions()], [0, 0, 0]);
  });
});
