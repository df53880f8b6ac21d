/**
 * Streams groups' offsets and deletion (KIP-1071; Java `Admin#listStreamsGroupOffsets`,
 * `#alterStreamsGroupOffsets`, `#deleteStreamsGroupOffsets`, `#deleteStreamsGroups`). A streams
 * group commits its offsets as a consumer group does, so these are the consumer-group calls
 * under the streams names, as Java's `KafkaAdminClient` delegates them: OffsetFetch,
 * OffsetCommit as an admin (the group must have no members), OffsetDelete and DeleteGroups at
 * the group's coordinator. `describeStreamsGroups` is in `consumer-groups.ts`.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import {
  alterConsumerGroupOffsets,
  type CommittedOffset,
  deleteConsumerGroupOffsets,
  type GroupOffsetsSpec,
  type ListConsumerGroupOffsetsOptions,
  listConsumerGroupOffsets,
  type OffsetToCommit,
} from './consumer-group-offsets.js';
import { deleteConsumerGroups } from './consumer-groups.js';
import type { AdminResults } from './results.js';

/** The committed offsets of streams groups: each group's offsets or error. */
export function listStreamsGroupOffsets(
  cluster: Cluster,
  groups: readonly GroupOffsetsSpec[],
  options: ListConsumerGroupOffsetsOptions = {},
): Promise<AdminResults<GroupOffsetsSpec, CommittedOffset[]>> {
  return listConsumerGroupOffsets(cluster, groups, options, 'listStreamsGroupOffsets');
}

/** Commits offsets for a streams group without members: each partition's outcome. */
export function alterStreamsGroupOffsets(
  cluster: Cluster,
  groupId: string,
  offsets: readonly OffsetToCommit[],
  options: CallOptions = {},
): Promise<AdminResults<OffsetToCommit, void>> {
  return alterConsumerGroupOffsets(cluster, groupId, offsets, options, 'alterStreamsGroupOffsets');
}

/** Deletes a streams group's committed offsets of partitions: each partition's outcome. */
export function deleteStreamsGroupOffsets(
  cluster: Cluster,
  groupId: string,
  partitions: readonly TopicPartition[],
  options: CallOptions = {},
): Promise<AdminResults<TopicPartition, void>> {
  return deleteConsumerGroupOffsets(cluster, groupId, partitions, options, 'deleteStreamsGroupOffsets');
}

/** Deletes streams groups without members, and their offsets: each group's outcome. */
export function deleteStreamsGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: CallOptions = {},
): Promise<AdminResults<string, void>> {
  return deleteConsumerGroups(cluster, groupIds, options, 'deleteStreamsGroups');
}
