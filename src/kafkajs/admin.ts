/**
 * KafkaJS's admin client on kafe's: each method is one or two calls of kafe's `Admin` with the
 * arguments and results reshaped (offsets as decimal strings, enums as protocol codes). Where a
 * call fails for some resources, the first failure is thrown as KafkaJS's error for it.
 */
import { Admin as KafeAdmin } from '../admin/admin.js';
import type { AdminResults } from '../admin/results.js';
import type { Cluster } from '../cluster/cluster.js';
import {
  checkAclFilter,
  checkAclList,
  checkConfigResources,
  checkGroupId,
  checkGroupIds,
  checkNewTopics,
  checkPartitions,
  checkReassignments,
  checkReassignmentTopics,
  checkTopic,
  checkTopicNames,
  checkTopicPartitions,
} from './admin-checks.js';
import {
  aclBinding,
  aclEntry,
  aclFilter,
  configEntries,
  configResource,
  configResourceType,
  matchingAcl,
} from './admin-configs.js';
import type {
  AclEntry,
  AclFilter,
  DeleteAclResponse,
  DeleteGroupsResult,
  DescribeAclResponse,
  DescribeConfigResponse,
  FetchOffsetsPartition,
  GroupOverview,
  IResourceConfig,
  ITopicConfig,
  ITopicPartitionConfig,
  ListPartitionReassignmentsResponse,
  PartitionReassignment,
  ResourceConfigQuery,
} from './admin-types.js';
import { type ClientContext, kafeRetry, type RetryOptions } from './client-config.js';
import type { GroupDescriptions } from './consumer-types.js';
import { asKafkaJS, toKafkaJSError } from './error-mapping.js';
import {
  KafkaJSAggregateError,
  KafkaJSAlterPartitionReassignmentsError,
  KafkaJSCreateTopicError,
  KafkaJSDeleteGroupsError,
  KafkaJSDeleteTopicRecordsError,
  type KafkaJSError,
  KafkaJSNonRetriableError,
  type KafkaJSProtocolError,
} from './errors.js';
import { groupDescription } from './group-description.js';
import type { InstrumentationEmitter } from './instrumentation.js';
import type { Logger } from './logger.js';
import type { ITopicMetadata, SeekEntry, TopicPartitions } from './metadata-types.js';
import { type ClientOn, clientOn, networkEvents, RequestEvents } from './network-events.js';

/** The options of an admin client. */
export interface AdminConfig {
  retry?: RetryOptions;
}

/** The names of an admin client's instrumentation events. */
export type AdminEvents = {
  CONNECT: 'admin.connect';
  DISCONNECT: 'admin.disconnect';
  REQUEST: 'admin.network.request';
  REQUEST_TIMEOUT: 'admin.network.request_timeout';
  REQUEST_QUEUE_SIZE: 'admin.network.request_queue_size';
};

const ADMIN_EVENTS: AdminEvents = {
  CONNECT: 'admin.connect',
  DISCONNECT: 'admin.disconnect',
  REQUEST: 'admin.network.request',
  REQUEST_TIMEOUT: 'admin.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'admin.network.request_queue_size',
};

/** GROUP_ID_NOT_FOUND (KIP-848's ConsumerGroupDescribe): the group is described as Dead. */
const GROUP_ID_NOT_FOUND = 69;

/** TOPIC_ALREADY_EXISTS: `createTopics` then resolves to false, as KafkaJS's does. */
const TOPIC_ALREADY_EXISTS = 36;

/** A KafkaJS admin client. */
export class Admin {
  /** The names of its instrumentation events. */
  readonly events: AdminEvents = ADMIN_EVENTS;
  /** Listens to an instrumentation event; returns the function that stops listening. */
  readonly on: ClientOn<AdminEvents>;
  private readonly emitter: InstrumentationEmitter;
  private readonly requests: RequestEvents;
  private readonly log: Logger;
  private cluster: Cluster | undefined;
  private connecting: Promise<Cluster> | undefined;
  private kafe: KafeAdmin | undefined;

  constructor(
    private readonly kafka: ClientContext,
    private readonly config: AdminConfig,
  ) {
    this.log = kafka.logger().namespace('Admin');
    this.emitter = networkEvents(ADMIN_EVENTS, () => this.log);
    this.requests = new RequestEvents(this.emitter, ADMIN_EVENTS);
    this.on = clientOn(this.emitter, (type) => this.requests.need(type));
  }

  /** Connects to the cluster (the brokers function is called now). */
  async connect(): Promise<void> {
    if (this.cluster !== undefined) return;
    // Concurrent calls (every method connects on its own) share one connection.
    this.connecting ??= this.kafka.connectCluster(kafeRetry(this.config.retry ?? this.kafka.retry), (scope) =>
      this.requests.follow(scope),
    );
    let cluster: Cluster;
    try {
      cluster = await this.connecting;
    } finally {
      this.connecting = undefined;
    }
    if (this.cluster !== undefined) return;
    this.cluster = cluster;
    this.kafe = new KafeAdmin(cluster);
    this.emitter.emit(ADMIN_EVENTS.CONNECT, null);
  }

  /** Closes the connections. */
  async disconnect(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = undefined;
    this.kafe = undefined;
    this.requests.close();
    if (cluster === undefined) return;
    await cluster.close();
    this.emitter.emit(ADMIN_EVENTS.DISCONNECT, null);
  }

  /** Every topic's name (internal ones included, as KafkaJS's metadata lists them). */
  async listTopics(): Promise<string[]> {
    const topics = await asKafkaJS((await this.admin()).listTopics({ includeInternal: true }));
    return topics.map((t) => t.topic);
  }

  /**
   * Creates topics; true when all were created, false when some already existed (KafkaJS's
   * answer). Other failures reject with a `KafkaJSAggregateError` of `KafkaJSCreateTopicError`s.
   */
  async createTopics(options: {
    validateOnly?: boolean;
    waitForLeaders?: boolean;
    timeout?: number;
    topics: ITopicConfig[];
  }): Promise<boolean> {
    const topics = options.topics;
    checkNewTopics(topics);
    const results = await asKafkaJS(
      (await this.admin()).createTopics(
        topics.map((t) => ({
          topic: t.topic,
          ...(t.numPartitions === undefined || t.numPartitions < 0 ? {} : { partitions: t.numPartitions }),
          ...(t.replicationFactor === undefined || t.replicationFactor < 0
            ? {}
            : { replicationFactor: t.replicationFactor }),
          ...(t.replicaAssignment === undefined || t.replicaAssignment.length === 0
            ? {}
            : { assignments: Object.fromEntries(t.replicaAssignment.map((a) => [a.partition, a.replicas])) }),
          ...(t.configEntries === undefined
            ? {}
            : { configs: Object.fromEntries(t.configEntries.map((c) => [c.name, c.value])) }),
        })),
        {
          validateOnly: options.validateOnly ?? false,
          waitForMetadata: options.waitForLeaders ?? true,
          ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout }),
        },
      ),
    );
    const failures = results.errors.filter((e) => e.errorCode !== TOPIC_ALREADY_EXISTS);
    if (failures.length > 0)
      throw new KafkaJSAggregateError(
        'Topic creation errors',
        failures.map(
          (e) => new KafkaJSCreateTopicError(toKafkaJSError(e) as KafkaJSProtocolError, e.resource.name),
        ),
      );
    return results.errors.length === 0;
  }

  /** Deletes topics. */
  async deleteTopics(options: { topics: string[]; timeout?: number }): Promise<void> {
    checkTopicNames(options.topics);
    throwFirst(
      await asKafkaJS(
        (await this.admin()).deleteTopics(
          options.topics,
          options.timeout === undefined ? {} : { timeoutMs: options.timeout },
        ),
      ),
    );
  }

  /** Adds partitions to topics (`count`: the new total). */
  async createPartitions(options: {
    validateOnly?: boolean;
    timeout?: number;
    topicPartitions: ITopicPartitionConfig[];
  }): Promise<boolean> {
    checkTopicPartitions(options.topicPartitions);
    throwFirst(
      await asKafkaJS(
        (await this.admin()).createPartitions(
          options.topicPartitions.map((t) => ({
            topic: t.topic,
            totalCount: t.count,
            ...(t.assignments === undefined ? {} : { assignments: t.assignments }),
          })),
          {
            validateOnly: options.validateOnly ?? false,
            ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout }),
          },
        ),
      ),
    );
    return true;
  }

  /** The partitions of some topics (all topics when none are named). */
  async fetchTopicMetadata(options?: { topics: string[] }): Promise<{ topics: Array<ITopicMetadata> }> {
    for (const topic of options?.topics ?? []) checkTopic(topic);
    const names = options?.topics ?? (await this.listTopics());
    const described = throwFirst(await asKafkaJS((await this.admin()).describeTopics(names)));
    return {
      topics: described.map((t) => ({
        name: t.topic,
        partitions: t.partitions.map((p) => ({
          partitionErrorCode: 0,
          partitionId: p.partition,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas,
        })),
      })),
    };
  }

  /**
   * A group's committed offsets ('-1' where none), per topic: every partition of `topics`, or
   * what the group committed. `resolveOffsets` replaces '-1' by the partition's end and
   * commits that, as KafkaJS does.
   */
  async fetchOffsets(options: {
    groupId: string;
    topics?: string[];
    resolveOffsets?: boolean;
  }): Promise<Array<{ topic: string; partitions: FetchOffsetsPartition[] }>> {
    const { groupId } = options;
    checkGroupId(groupId);
    const topics = options.topics ?? [];
    if (!Array.isArray(topics)) throw new KafkaJSNonRetriableError('Expected topics array to be set');
    const partitions =
      topics.length === 0
        ? undefined
        : (await this.fetchTopicMetadata({ topics })).topics.flatMap((t) =>
            t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId })),
          );
    const committed = (
      await asKafkaJS(
        (
          await this.admin()
        ).listConsumerGroupOffsets([partitions === undefined ? groupId : { groupId, partitions }]),
      )
    ).get(groupId);
    const byTopic = new Map<string, FetchOffsetsPartition[]>(topics.map((t) => [t, []]));
    for (const c of committed) {
      const list = byTopic.get(c.topic) ?? [];
      list.push({
        partition: c.partition,
        offset: String(c.offset ?? -1n),
        metadata: c.metadata === '' ? null : c.metadata,
      });
      byTopic.set(c.topic, list);
    }
    if (options.resolveOffsets === true)
      for (const [topic, list] of byTopic) {
        const ends = new Map((await this.fetchTopicOffsets(topic)).map((o) => [o.partition, o]));
        const resolved = list.filter((p) => p.offset === '-1' || p.offset === '-2');
        for (const p of resolved)
          p.offset =
            p.offset === '-1' ? (ends.get(p.partition)?.high ?? '-1') : (ends.get(p.partition)?.low ?? '-1');
        if (resolved.length > 0) await this.setOffsets({ groupId, topic, partitions: resolved });
      }
    return [...byTopic].map(([topic, list]) => ({
      topic,
      partitions: list.sort((a, b) => a.partition - b.partition),
    }));
  }

  /** Each partition's first (`low`) and next (`high`, also `offset`) offset. */
  async fetchTopicOffsets(topic: string): Promise<Array<SeekEntry & { high: string; low: string }>> {
    checkTopic(topic);
    const partitions = await this.partitionsOf(topic);
    const [high, low] = await Promise.all(
      (['latest', 'earliest'] as const).map((spec) => this.listOffsets(topic, partitions, spec)),
    );
    return partitions.map((partition) => {
      const h = high?.get(partition) ?? '-1';
      return { partition, offset: h, high: h, low: low?.get(partition) ?? '-1' };
    });
  }

  /**
   * Each partition's offset of the first record at or after `timestamp`, or its end when there
   * is none (no timestamp: the end).
   */
  async fetchTopicOffsetsByTimestamp(topic: string, timestamp?: number): Promise<Array<SeekEntry>> {
    checkTopic(topic);
    const partitions = await this.partitionsOf(topic);
    const [atTime, latest] = await Promise.all([
      // KafkaJS takes a message's `timestamp` too, a decimal string.
      this.listOffsets(
        topic,
        partitions,
        timestamp === undefined ? 'latest' : { timestamp: Number(timestamp) },
      ),
      this.listOffsets(topic, partitions, 'latest'),
    ]);
    return partitions.map((partition) => {
      const at = atTime.get(partition);
      return { partition, offset: at === undefined || at === '-1' ? (latest.get(partition) ?? '-1') : at };
    });
  }

  /** The brokers, the controller and the cluster id. */
  async describeCluster(): Promise<{
    brokers: Array<{ nodeId: number; host: string; port: number }>;
    controller: number | null;
    clusterId: string;
  }> {
    const d = await asKafkaJS((await this.admin()).describeCluster());
    return {
      brokers: d.brokers.map((b) => ({ nodeId: b.id, host: b.host, port: b.port })),
      controller: d.controller?.id ?? null,
      clusterId: d.clusterId,
    };
  }

  /** Commits offsets for a group that has no members. */
  async setOffsets(options: { groupId: string; topic: string; partitions: SeekEntry[] }): Promise<void> {
    const { groupId, topic, partitions } = options;
    checkGroupId(groupId);
    checkTopic(topic);
    checkPartitions(partitions);
    // KafkaJS refuses before asking: a group with members commits its own offsets.
    const [group] = (await this.describeGroups([groupId])).groups;
    if (group !== undefined && group.state !== 'Empty' && group.state !== 'Dead' && group.state !== 'Unknown')
      throw new KafkaJSNonRetriableError(
        `The consumer group must have no running instances, current state: ${group.state}`,
      );
    throwFirst(
      await asKafkaJS(
        (await this.admin()).alterConsumerGroupOffsets(
          groupId,
          partitions.map((p) => ({ topic, partition: p.partition, offset: BigInt(p.offset) })),
        ),
      ),
    );
  }

  /** Moves a group without members to the start (`earliest`) or the end of a topic. */
  async resetOffsets(options: { groupId: string; topic: string; earliest: boolean }): Promise<void> {
    checkGroupId(options.groupId);
    checkTopic(options.topic);
    const offsets = await this.fetchTopicOffsets(options.topic);
    await this.setOffsets({
      groupId: options.groupId,
      topic: options.topic,
      partitions: offsets.map((o) => ({ partition: o.partition, offset: options.earliest ? o.low : o.high })),
    });
  }

  /** Configs of topics, brokers or broker loggers. */
  async describeConfigs(configs: {
    resources: ResourceConfigQuery[];
    includeSynonyms: boolean;
  }): Promise<DescribeConfigResponse> {
    checkConfigResources(configs.resources, 'configNames');
    const resources = configs.resources.map((r) => ({ query: r, resource: configResource(r.type, r.name) }));
    const results = await asKafkaJS(
      (await this.admin()).describeConfigs(
        resources.map((r) => r.resource),
        { includeSynonyms: configs.includeSynonyms === true },
      ),
    );
    return {
      throttleTime: 0,
      resources: resources.map(({ query, resource }) => {
        const error = results.error(resource);
        const wanted = query.configNames;
        const entries = error === undefined ? results.get(resource) : [];
        return {
          resourceType: configResourceType(resource.type),
          resourceName: resource.name,
          errorCode: error?.errorCode ?? 0,
          errorMessage: error?.message ?? '',
          configEntries: entries
            .filter((e) => wanted === undefined || wanted.includes(e.name))
            .map(configEntries),
        };
      }),
    };
  }

  /** Replaces the configs of resources (configs not named return to their defaults, as AlterConfigs does). */
  async alterConfigs(configs: { validateOnly: boolean; resources: IResourceConfig[] }): Promise<{
    resources: { errorCode: number; errorMessage: string; resourceName: string; resourceType: number }[];
    throttleTime: number;
  }> {
    checkConfigResources(configs.resources, 'configEntries');
    const list = configs.resources.map((r) => ({
      resource: configResource(r.type, r.name),
      configs: Object.fromEntries(r.configEntries.map((e) => [e.name, e.value])),
    }));
    const results = await asKafkaJS(
      (await this.admin()).alterConfigs(list, { validateOnly: configs.validateOnly === true }),
    );
    throwFirst(results);
    return {
      throttleTime: 0,
      resources: list.map(({ resource }) => ({
        errorCode: 0,
        errorMessage: '',
        resourceName: resource.name,
        resourceType: configResourceType(resource.type),
      })),
    };
  }

  /** Every consumer group (and other classic groups) of the cluster. */
  async listGroups(): Promise<{ groups: GroupOverview[] }> {
    const groups = await asKafkaJS((await this.admin()).listGroups());
    return { groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType })) };
  }

  /** Deletes groups; when some cannot be, rejects with `KafkaJSDeleteGroupsError` listing every group's outcome. */
  async deleteGroups(groupIds: string[]): Promise<DeleteGroupsResult[]> {
    checkGroupIds(groupIds);
    const results = await asKafkaJS((await this.admin()).deleteConsumerGroups(groupIds));
    const outcomes: DeleteGroupsResult[] = groupIds.map((groupId) => {
      const error = results.error(groupId);
      if (error === undefined) return { groupId, errorCode: 0 };
      return {
        groupId,
        errorCode: error.errorCode ?? -1,
        error: toKafkaJSError(error) as KafkaJSProtocolError,
      };
    });
    const failed = outcomes.filter((o) => o.error !== undefined);
    if (failed.length > 0) throw new KafkaJSDeleteGroupsError('Error in DeleteGroups', failed);
    return outcomes;
  }

  /** Groups' states, protocols and members. */
  async describeGroups(groupIds: string[]): Promise<GroupDescriptions> {
    const results = await asKafkaJS((await this.admin()).describeConsumerGroups(groupIds));
    return {
      groups: groupIds.map((groupId) => {
        const error = results.error(groupId);
        // A group that does not exist is described as KafkaJS's DescribeGroups describes it: Dead.
        if (error?.errorCode === GROUP_ID_NOT_FOUND)
          return {
            groupId,
            errorCode: 0,
            members: [],
            protocol: '',
            protocolType: '',
            state: 'Dead' as const,
          };
        if (error !== undefined) throw toKafkaJSError(error);
        return groupDescription(results.get(groupId));
      }),
    };
  }

  /** The ACLs a filter matches, per resource. */
  async describeAcls(options: AclFilter): Promise<DescribeAclResponse> {
    checkAclFilter(options);
    const bindings = await asKafkaJS((await this.admin()).describeAcls(aclFilter(options)));
    const resources = new Map<string, DescribeAclResponse['resources'][number]>();
    for (const b of bindings) {
      const entry = aclEntry(b);
      const key = `${entry.resourceType}/${entry.resourcePatternType}/${entry.resourceName}`;
      const resource = resources.get(key) ?? {
        resourceType: entry.resourceType,
        resourceName: entry.resourceName,
        resourcePatternType: entry.resourcePatternType,
        acls: [],
      };
      resource.acls.push({
        principal: entry.principal,
        host: entry.host,
        operation: entry.operation,
        permissionType: entry.permissionType,
      });
      resources.set(key, resource);
    }
    return { throttleTime: 0, errorCode: 0, resources: [...resources.values()] };
  }

  /** Creates ACLs. */
  async createAcls(options: { acl: AclEntry[] }): Promise<boolean> {
    checkAclList(options.acl, 'ACL', false);
    throwFirst(await asKafkaJS((await this.admin()).createAcls(options.acl.map(aclBinding))));
    return true;
  }

  /** Deletes the ACLs filters match: what each filter deleted. */
  async deleteAcls(options: { filters: AclFilter[] }): Promise<DeleteAclResponse> {
    checkAclList(options.filters, 'ACL Filter', true);
    const filters = options.filters.map(aclFilter);
    const results = await asKafkaJS((await this.admin()).deleteAcls(filters));
    return {
      throttleTime: 0,
      filterResponses: filters.map((filter) => {
        const error = results.error(filter);
        if (error !== undefined)
          return { errorCode: error.errorCode ?? -1, errorMessage: error.message, matchingAcls: [] };
        return {
          errorCode: 0,
          matchingAcls: results
            .get(filter)
            .map((d) =>
              matchingAcl(
                d.binding,
                d.error === undefined
                  ? undefined
                  : { errorCode: d.error.errorCode, message: d.error.message },
              ),
            ),
        };
      }),
    };
  }

  /** Deletes a topic's records before offsets ('-1': all of them, up to the high watermark). */
  async deleteTopicRecords(options: { topic: string; partitions: SeekEntry[] }): Promise<void> {
    const { topic, partitions } = options;
    checkTopic(topic, true);
    checkPartitions(partitions);
    const ends = partitions.some((p) => p.offset === '-1')
      ? await this.listOffsets(
          topic,
          partitions.map((p) => p.partition),
          'latest',
        )
      : new Map<number, string>();
    const records = partitions.map((p) => ({
      topic,
      partition: p.partition,
      beforeOffset: BigInt(p.offset === '-1' ? (ends.get(p.partition) ?? '-1') : p.offset),
    }));
    const results = await asKafkaJS((await this.admin()).deleteRecords(records));
    const failed = records.flatMap((r) => {
      const error = results.error(r);
      return error === undefined
        ? []
        : [
            {
              partition: r.partition,
              offset: String(r.beforeOffset),
              error: toKafkaJSError(error) as KafkaJSError,
            },
          ];
    });
    if (failed.length > 0) throw new KafkaJSDeleteTopicRecordsError({ topic, partitions: failed });
  }

  /** Moves partitions to new replicas. */
  async alterPartitionReassignments(request: {
    topics: PartitionReassignment[];
    timeout?: number;
  }): Promise<void> {
    checkReassignments(request.topics);
    const targets = request.topics.flatMap(({ topic, partitionAssignment }) =>
      partitionAssignment.map((a) => ({ topic, partition: a.partition, replicas: a.replicas })),
    );
    const results = await asKafkaJS(
      (await this.admin()).alterPartitionReassignments(
        targets,
        request.timeout === undefined ? {} : { timeoutMs: request.timeout },
      ),
    );
    // KafkaJS rejects with every partition's error at once.
    const errors = targets.flatMap((target) => {
      const { topic, partition } = target;
      const error = results.error(target);
      if (error === undefined) return [];
      const mapped = toKafkaJSError(error) as KafkaJSProtocolError;
      return [new KafkaJSAlterPartitionReassignmentsError(mapped, topic, partition)];
    });
    if (errors.length > 0) throw new KafkaJSAggregateError('Errors altering partition reassignments', errors);
    throwFirst(results);
  }

  /** Reassignments in progress (of some partitions, or all). */
  async listPartitionReassignments(request: {
    topics?: TopicPartitions[];
    timeout?: number;
  }): Promise<ListPartitionReassignmentsResponse> {
    checkReassignmentTopics(request.topics);
    const partitions = request.topics?.flatMap(({ topic, partitions }) =>
      partitions.map((partition) => ({ topic, partition })),
    );
    const listed = await asKafkaJS(
      (await this.admin()).listPartitionReassignments(
        partitions,
        request.timeout === undefined ? {} : { timeoutMs: request.timeout },
      ),
    );
    const byTopic = new Map<string, ListPartitionReassignmentsResponse['topics'][number]['partitions']>();
    for (const r of listed)
      byTopic.set(r.topic, [
        ...(byTopic.get(r.topic) ?? []),
        {
          partitionIndex: r.partition,
          replicas: [...r.replicas],
          addingReplicas: [...r.addingReplicas],
          removingReplicas: [...r.removingReplicas],
        },
      ]);
    return { topics: [...byTopic].map(([topic, list]) => ({ topic, partitions: list })) };
  }

  /** The admin client's logger. */
  logger(): Logger {
    return this.log;
  }

  /** kafe's admin client, connecting first if needed (KafkaJS's calls connect on their own too). */
  private async admin(): Promise<KafeAdmin> {
    if (this.kafe === undefined) await this.connect();
    return this.kafe as KafeAdmin;
  }

  /** A topic's partition numbers. */
  private async partitionsOf(topic: string): Promise<number[]> {
    const [metadata] = (await this.fetchTopicMetadata({ topics: [topic] })).topics;
    return (metadata?.partitions ?? []).map((p) => p.partitionId).sort((a, b) => a - b);
  }

  /** Offsets of `spec` per partition, as decimal strings ('-1' for none). */
  private async listOffsets(
    topic: string,
    partitions: readonly number[],
    spec: 'latest' | 'earliest' | { timestamp: number },
  ): Promise<Map<number, string>> {
    const queries = partitions.map((partition) => ({ topic, partition, spec }));
    const results = await asKafkaJS((await this.admin()).listOffsets(queries));
    throwFirst(results);
    return new Map(queries.map((q) => [q.partition, String(results.get(q).offset ?? -1n)]));
  }
}

/** Every resource's value, or the first failure as KafkaJS's error. */
function throwFirst<K, T>(results: AdminResults<K, T>): T[] {
  const first = results.errors[0];
  if (first !== undefined) throw toKafkaJSError(first);
  return results.values();
}
