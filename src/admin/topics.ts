/**
 * Topic administration: createTopics, deleteTopics (by name or id), listTopics and
 * createPartitions (Java `Admin#createTopics`, `#deleteTopics`, `#listTopics`,
 * `#createPartitions`). Creation, deletion and new partitions go to the controller route (a
 * forwarding broker under KRaft, KIP-590), all topics of a call in one request; a topic answered
 * NOT_CONTROLLER is sent again, alone with the others so answered, after a metadata refresh.
 * Each topic's outcome is its own (`AdminResults`). By default a call resolves once metadata
 * shows the change (`topic-visibility.ts`).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { KafeError } from '../protocol/errors.js';
import { ZERO_UUID } from '../protocol/message-codec.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import { type AdminResults, type Outcome, ResourceError } from './results.js';
import { controller } from './routers.js';
import { topicNameProblem } from './topic-names.js';
import { type MetadataTopic, waitForTopics } from './topic-visibility.js';

/** A topic to create. */
export interface NewTopic {
  topic: string;
  /** Partition count; the broker's `num.partitions` when absent. */
  partitions?: number;
  /** Replication factor; the broker's `default.replication.factor` when absent. */
  replicationFactor?: number;
  /** Manual placement: partition index -> broker ids (then leave `partitions` and `replicationFactor` out). */
  assignments?: Readonly<Record<number, readonly number[]>>;
  /** Topic configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  configs?: Readonly<Record<string, string>>;
}

/** A created topic, as the broker reports it. */
export interface CreatedTopic {
  topic: string;
  /** Topic id (CreateTopics v7+), else from metadata once visible, else the zero uuid. */
  topicId: string;
  /** -1 when the broker does not say (CreateTopics < v5) and metadata was not awaited. */
  partitions: number;
  replicationFactor: number;
  /** The topic's configs as created, defaults included (CreateTopics v5+; empty before). */
  configs: Readonly<Record<string, string | null>>;
}

/** Options of `Admin#createTopics`. */
export interface CreateTopicsOptions extends CallOptions {
  /** Only check that the topics could be created. Default false. */
  validateOnly?: boolean;
  /** Resolve only when every partition has a leader in metadata. Default true. */
  waitForMetadata?: boolean;
}

/** A topic to delete: its name, or its id (DeleteTopics v6+, KIP-516). */
export type TopicRef = string | { readonly topicId: string };

/** A deleted topic. */
export interface DeletedTopic {
  topic: string;
  /** The zero uuid when the broker does not say (DeleteTopics < v6). */
  topicId: string;
}

/** Options of `Admin#deleteTopics`. */
export interface DeleteTopicsOptions extends CallOptions {
  /** Resolve only when metadata no longer knows the topics. Default true. */
  waitForMetadata?: boolean;
}

/** Options of `Admin#listTopics`. */
export interface ListTopicsOptions extends CallOptions {
  /** Include internal topics (`__consumer_offsets`, ...). Default false. */
  includeInternal?: boolean;
}

/** A topic as listed. */
export interface TopicListing {
  topic: string;
  topicId: string;
  isInternal: boolean;
}

/** Partitions to add to a topic (Java `NewPartitions`). */
export interface NewPartitions {
  topic: string;
  /** The partition count after the increase. */
  totalCount: number;
  /** Replicas of each new partition, in order (else the controller places them). */
  assignments?: readonly (readonly number[])[];
}

/** Options of `Admin#createPartitions`. */
export interface CreatePartitionsOptions extends CallOptions {
  /** Only check that the partitions could be added. Default false. */
  validateOnly?: boolean;
  /** Resolve only when metadata shows every new partition with a leader. Default true. */
  waitForMetadata?: boolean;
}

/** Most a broker-side timeout of a request may be (Kafka caps none; 60 s keeps a lost request bounded). */
const BROKER_TIMEOUT_CAP_MS = 60_000;
const brokerTimeout = (remainingMs: number) => Math.max(1, Math.min(remainingMs, BROKER_TIMEOUT_CAP_MS));

/** Creates topics: each topic's outcome is a {@link CreatedTopic} or its error. */
export async function createTopics(
  cluster: Cluster,
  topics: readonly NewTopic[],
  options: CreateTopicsOptions = {},
): Promise<AdminResults<NewTopic, CreatedTopic>> {
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  const created = await fanOut(
    cluster,
    topics,
    {
      api: 'CreateTopics',
      kind: 'topic',
      nameOf: (t) => String(t?.topic),
      check: (t) => topicNameProblem(t?.topic) ?? newTopicProblem(t),
      router: controller(),
      request: (list, _version, remainingMs) => ({
        topics: list.map(creatable),
        timeoutMs: brokerTimeout(remainingMs),
        validateOnly: options.validateOnly ?? false,
      }),
      answers: (response) =>
        new Map(
          response.topics.map((r) => [
            r.name,
            answerOf(r.errorCode, r.errorMessage, () => ({
              topic: r.name,
              topicId: r.topicId,
              partitions: r.numPartitions,
              replicationFactor: r.replicationFactor,
              configs: Object.fromEntries((r.configs ?? []).map((c) => [c.name, c.value])),
            })),
          ]),
        ),
    },
    { ...options, operation: 'createTopics' },
  );
  if (options.validateOnly || options.waitForMetadata === false) return created;
  const names = created.succeeded.map((s) => s.value.topic);
  const { found, late } = await waitForTopics(
    cluster,
    'created',
    names,
    { timeoutMs: Math.max(1, deadline - Date.now()), signal: options.signal },
    (t) => t.errorCode === 0 && t.partitions.length > 0 && t.partitions.every((p) => p.leaderId >= 0),
  );
  return withVisibility(created, late, (c) => completed(c, found.get(c.topic)));
}

/** Deletes topics by name or id: each topic's outcome is a {@link DeletedTopic} or its error. */
export async function deleteTopics(
  cluster: Cluster,
  topics: readonly TopicRef[],
  options: DeleteTopicsOptions = {},
): Promise<AdminResults<TopicRef, DeletedTopic>> {
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  const deleted = await fanOut(
    cluster,
    topics,
    {
      api: 'DeleteTopics',
      kind: 'topic',
      nameOf: topicRefName,
      check: (t) =>
        typeof t === 'object' && t !== null
          ? typeof t.topicId === 'string' && t.topicId.length > 0 && t.topicId !== ZERO_UUID
            ? undefined
            : 'a topic id must be a non-zero uuid'
          : topicNameProblem(t),
      router: controller(),
      // Before v6 topics are named only by name (`topicNames`); ids need v6 (KIP-516).
      version: (negotiated) => negotiated,
      request: (list, version, remainingMs) => ({
        ...(version >= 6
          ? {
              topics: list.map((t) =>
                typeof t === 'string' ? { name: t, topicId: ZERO_UUID } : { name: null, topicId: t.topicId },
              ),
            }
          : { topicNames: list.filter((t) => typeof t === 'string') }),
        timeoutMs: brokerTimeout(remainingMs),
      }),
      answers: (response, list, version) => {
        const out = new Map<string, Answer<DeletedTopic>>();
        for (const r of response.responses) {
          const byId = list.find((t) => typeof t !== 'string' && t.topicId === r.topicId);
          const name = byId !== undefined ? topicRefName(byId) : (r.name ?? '');
          out.set(
            name,
            answerOf(r.errorCode, r.errorMessage, () => ({
              topic: r.name ?? '',
              topicId: r.topicId ?? ZERO_UUID,
            })),
          );
        }
        if (version < 6) {
          for (const t of list) {
            if (typeof t !== 'string') out.set(topicRefName(t), { error: unsupportedById(version) });
          }
        }
        return out;
      },
    },
    { ...options, operation: 'deleteTopics' },
  );
  const names = deleted.succeeded.map((s) => s.value.topic).filter((n) => n.length > 0);
  cluster.untrackTopics(names);
  if (options.waitForMetadata === false) return deleted;
  const { late } = await waitForTopics(
    cluster,
    'deleted',
    names,
    { timeoutMs: Math.max(1, deadline - Date.now()), signal: options.signal },
    (t) => t.errorCode === errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
  );
  return withVisibility(deleted, late, (d) => d);
}

/** The cluster's topics, sorted by name (internal ones on request). */
export async function listTopics(cluster: Cluster, options: ListTopicsOptions = {}): Promise<TopicListing[]> {
  const response = await cluster.send(
    'Metadata',
    { topics: null, allowAutoTopicCreation: false },
    { ...callOptions(options), errorOf: (r) => errorForCode(r.errorCode) },
  );
  return response.topics
    .filter((t) => t.errorCode === 0 && t.name !== null && (options.includeInternal || !t.isInternal))
    .map((t) => ({ topic: t.name!, topicId: t.topicId, isInternal: t.isInternal }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/** Adds partitions to topics: each topic's outcome is its new partition count or its error. */
export async function createPartitions(
  cluster: Cluster,
  increases: readonly NewPartitions[],
  options: CreatePartitionsOptions = {},
): Promise<AdminResults<NewPartitions, number>> {
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  const byName = new Map(increases.map((i) => [String(i?.topic), i]));
  const added = await fanOut(
    cluster,
    increases,
    {
      api: 'CreatePartitions',
      kind: 'topic',
      nameOf: (i) => String(i?.topic),
      check: (i) =>
        topicNameProblem(i?.topic) ??
        (Number.isInteger(i.totalCount) ? undefined : `totalCount ${i.totalCount} is not an integer`),
      router: controller(),
      request: (list, _version, remainingMs) => ({
        topics: list.map((i) => ({
          name: i.topic,
          count: i.totalCount,
          assignments: i.assignments === undefined ? null : i.assignments.map((b) => ({ brokerIds: [...b] })),
        })),
        timeoutMs: brokerTimeout(remainingMs),
        validateOnly: options.validateOnly ?? false,
      }),
      answers: (response) =>
        new Map(
          response.results.map((r) => [
            r.name,
            answerOf(r.errorCode, r.errorMessage, () => byName.get(r.name)?.totalCount ?? -1),
          ]),
        ),
    },
    { ...options, operation: 'createPartitions' },
  );
  if (options.validateOnly || options.waitForMetadata === false) return added;
  const names = added.succeeded.map((s) => s.key.topic);
  const { late } = await waitForTopics(
    cluster,
    'given their new partitions',
    names,
    { timeoutMs: Math.max(1, deadline - Date.now()), signal: options.signal },
    (t) =>
      t.partitions.length >= (byName.get(t.name ?? '')?.totalCount ?? 0) &&
      t.partitions.every((p) => p.leaderId >= 0),
  );
  return withVisibility(added, late, (n) => n);
}

/** The name of a topic reference in results: the name, or `id <uuid>`. */
export function topicRefName(t: TopicRef): string {
  return typeof t === 'object' && t !== null ? `id ${String(t.topicId)}` : String(t);
}

/** The call options alone (no other fields of a wider options object). */
export function callOptions(options: CallOptions): CallOptions {
  return {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}

function unsupportedById(version: number): KafeError {
  return errorForCode(
    errorCodes.UNSUPPORTED_VERSION.code,
    `deleting a topic by id needs DeleteTopics v6, the broker serves v${version}`,
  )!;
}

/** Results whose successful topics that metadata did not show in time fail with that error. */
function withVisibility<K, T>(
  results: AdminResults<K, T>,
  late: ReadonlyMap<string, KafeError>,
  complete: (value: T) => T,
): AdminResults<K, T> {
  return results.mapOutcomes((o): Outcome<K, T> => {
    if (o.error !== undefined) return o;
    const name = (o.value as { topic?: string }).topic ?? o.name;
    const error = late.get(name);
    return error === undefined
      ? { key: o.key, name: o.name, value: complete(o.value as T) }
      : { key: o.key, name: o.name, error: new ResourceError({ kind: 'topic', name: o.name }, error) };
  });
}

/** A created topic with what the CreateTopics answer left out (old versions) taken from metadata. */
function completed(c: CreatedTopic, t: MetadataTopic | undefined): CreatedTopic {
  if (t === undefined) return c;
  return {
    ...c,
    topicId: c.topicId === ZERO_UUID ? t.topicId : c.topicId,
    partitions: c.partitions < 0 ? t.partitions.length : c.partitions,
    replicationFactor:
      c.replicationFactor < 0 ? (t.partitions[0]?.replicaNodes.length ?? -1) : c.replicationFactor,
  };
}

function newTopicProblem(t: NewTopic): string | undefined {
  for (const field of ['partitions', 'replicationFactor'] as const) {
    const v = t[field];
    if (v !== undefined && !Number.isInteger(v)) return `${field} ${v} is not an integer`;
  }
  if (t.assignments !== undefined && (t.partitions !== undefined || t.replicationFactor !== undefined))
    return 'give either assignments or partitions and replicationFactor, not both';
  return undefined;
}

function creatable(t: NewTopic) {
  const assignments = Object.entries(t.assignments ?? {}).map(([partition, brokers]) => ({
    partitionIndex: Number(partition),
    brokerIds: [...brokers],
  }));
  return {
    name: t.topic,
    numPartitions: t.partitions ?? -1,
    replicationFactor: t.replicationFactor ?? -1,
    assignments,
    configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
  };
}
