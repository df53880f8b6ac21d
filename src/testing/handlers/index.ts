/** The handler of every API the fake cluster serves, one file each. */
import { addOffsetsToTxn } from './add-offsets-to-txn.js';
import { addPartitionsToTxn } from './add-partitions-to-txn.js';
import { apiVersions } from './api-versions.js';
import { consumerGroupDescribe } from './consumer-group-describe.js';
import { consumerGroupHeartbeat } from './consumer-group-heartbeat.js';
import { createTopics } from './create-topics.js';
import { deleteGroups } from './delete-groups.js';
import { deleteRecords } from './delete-records.js';
import { deleteTopics } from './delete-topics.js';
import { describeGroups } from './describe-groups.js';
import { describeProducers } from './describe-producers.js';
import { describeTransactions } from './describe-transactions.js';
import { endTxn } from './end-txn.js';
import { fetch } from './fetch.js';
import { findCoordinator } from './find-coordinator.js';
import type { ApiHandler } from './handler.js';
import { heartbeat } from './heartbeat.js';
import { initProducerId } from './init-producer-id.js';
import { joinGroup } from './join-group.js';
import { leaveGroup } from './leave-group.js';
import { listGroups } from './list-groups.js';
import { listOffsets } from './list-offsets.js';
import { listTransactions } from './list-transactions.js';
import { metadata } from './metadata.js';
import { offsetCommit } from './offset-commit.js';
import { offsetDelete } from './offset-delete.js';
import { offsetFetch } from './offset-fetch.js';
import { offsetForLeaderEpoch } from './offset-for-leader-epoch.js';
import { produce } from './produce.js';
import { shareAcknowledge } from './share-acknowledge.js';
import { shareFetch } from './share-fetch.js';
import { shareGroupHeartbeat } from './share-group-heartbeat.js';
import { syncGroup } from './sync-group.js';
import { txnOffsetCommit } from './txn-offset-commit.js';
import { writeTxnMarkers } from './write-txn-markers.js';

export type { ApiHandler, HandlerContext } from './handler.js';

/** Every handler, by API name. */
export const handlers: ReadonlyMap<string, ApiHandler> = new Map(
  [
    apiVersions,
    metadata,
    produce,
    fetch,
    listOffsets,
    deleteRecords,
    offsetForLeaderEpoch,
    findCoordinator,
    joinGroup,
    syncGroup,
    heartbeat,
    leaveGroup,
    consumerGroupHeartbeat,
    describeGroups,
    listGroups,
    deleteGroups,
    consumerGroupDescribe,
    offsetCommit,
    offsetFetch,
    offsetDelete,
    createTopics,
    deleteTopics,
    initProducerId,
    addPartitionsToTxn,
    addOffsetsToTxn,
    endTxn,
    txnOffsetCommit,
    listTransactions,
    describeTransactions,
    describeProducers,
    writeTxnMarkers,
    shareGroupHeartbeat,
    shareFetch,
    shareAcknowledge,
  ].map((h) => [h.api, h]),
);
