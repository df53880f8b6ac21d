/**
 * Checks of the facade's arguments, before any I/O: each failure is an
 * {@link InvalidArgumentError} naming the argument and what was wrong with it.
 */
import { InvalidArgumentError } from '../cluster/errors.js';
import type { RecordInput } from '../protocol/records/write-records.js';
import type { KafeMessage, KafeValue } from './types.js';

/** A topic name Kafka accepts: 1-249 of `[a-zA-Z0-9._-]` (Java `Topic.validate`), not `.` or `..`. */
export function checkTopic(topic: unknown, what = 'topic'): string {
  if (typeof topic !== 'string' || !/^[a-zA-Z0-9._-]{1,249}$/.test(topic) || topic === '.' || topic === '..')
    throw new InvalidArgumentError(`${what}: expected a Kafka topic name, got ${describe(topic)}`);
  return topic;
}

/** A partition index: an int32 >= 0. */
export function checkPartition(partition: unknown, what = 'partition'): number {
  if (!Number.isInteger(partition) || (partition as number) < 0 || (partition as number) > 0x7fffffff)
    throw new InvalidArgumentError(`${what}: expected an integer >= 0, got ${describe(partition)}`);
  return partition as number;
}

/** A non-empty group id. */
export function checkGroup(group: unknown): string {
  if (typeof group !== 'string' || group === '')
    throw new InvalidArgumentError(`group: expected a non-empty string, got ${describe(group)}`);
  return group;
}

/** An int64 offset or time as bigint. */
export function checkInt64(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (Number.isSafeInteger(value)) return BigInt(value as number);
  throw new InvalidArgumentError(`${what}: expected an integer (number or bigint), got ${describe(value)}`);
}

/** A positive integer option, or its default. */
export function checkPositive(value: unknown, what: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > 0x7fffffff)
    throw new InvalidArgumentError(`${what}: expected an integer >= ${min}, got ${describe(value)}`);
  return value as number;
}

/**
 * The seed's `replica_id` arguments: only -1 (a consumer) is meaningful to a client. A broker
 * id would make the broker treat the request as a follower's (Java `ListOffsetsRequest.CONSUMER_REPLICA_ID`).
 */
export function checkReplicaId(replicaId: unknown): -1 {
  if (replicaId !== -1)
    throw new InvalidArgumentError(
      `replicaId: only -1 (a consumer) is accepted; broker replica ids are for inter-broker requests, got ${describe(replicaId)}`,
    );
  return -1;
}

/** A message (value, `[key, value]` or `{ key, value }`) as the record to write. */
export function toRecord(message: KafeMessage, timestamp: number | undefined): RecordInput {
  let key: KafeValue = null;
  let value: unknown = message;
  if (Array.isArray(message)) {
    if (message.length !== 2)
      throw new InvalidArgumentError(`message: a [key, value] pair has 2 elements, got ${message.length}`);
    [key, value] = message as readonly [KafeValue, KafeValue];
  } else if (message !== null && typeof message === 'object' && !(message instanceof Uint8Array)) {
    if (!('value' in message))
      throw new InvalidArgumentError('message: expected a value, a [key, value] pair or { key, value }');
    ({ key, value } = message as { key: KafeValue; value: KafeValue });
  }
  return {
    key: bytes(key, 'message key'),
    value: bytes(value, 'message value'),
    ...(timestamp === undefined ? {} : { timestamp }),
  };
}

function bytes(v: unknown, what: string): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Uint8Array) return v;
  throw new InvalidArgumentError(`${what}: expected a string, a Uint8Array or null, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : `an object (${v.constructor?.name ?? 'Object'})`;
}
