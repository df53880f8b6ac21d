/**
 * Why each KafkaJS 2.2.4 spec that fails against kafe/kafkajs fails (`npm run kafkajs:specs`
 * prints every failure against this list; one it does not explain makes the run fail). An entry
 * names a test by its suites and name joined with ` > `, as the runner prints it, or a whole file
 * (no `test`) when the file cannot load at all.
 */

/** The reasons a spec may fail for, and how the runner heads them. */
export const REASONS = {
  internals:
    "the spec reaches into KafkaJS's internals (its private modules, cluster, broker or protocol objects)",
  environment:
    "the spec needs KafkaJS's own test setup: its three-broker cluster with SSL and SASL listeners and users, or fixture and snapshot files the reference copy leaves out",
  difference: "a deliberate difference, stated in README's migration guide",
  flaky: 'flaky: the spec races the broker (it may pass or fail)',
} as const;

/** One failing spec (or file) and why. */
export interface KnownFailure {
  /** The spec file, relative to KafkaJS's folder (`src/...spec.js`). */
  readonly file: string;
  /** The test's suites and name joined with ` > `; absent: every test of the file. */
  readonly test?: string;
  readonly reason: keyof typeof REASONS;
  /** What exactly, in one line. */
  readonly why: string;
}

/** The known failures. */
export const knownFailures: readonly KnownFailure[] = [
  {
    file: 'src/admin/__tests__/alterPartitionReassignments.spec.js',
    test: 'Admin > alterPartitionReassignments > retries if the controller has moved',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/alterConfigs.spec.js',
    test: 'Admin > alterConfigs > retries if the controller has moved',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/createPartitions.spec.js',
    test: 'Admin > createPartitions > retries if the controller has moved',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/createTopics.spec.js',
    test: 'Admin > createTopics > retries if the controller has moved',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/createTopics.spec.js',
    test: 'Admin > createTopics > ignore already created topics and return false',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/createTopics.spec.js',
    test: 'Admin > createTopics > query metadata if waitForLeaders is true',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/createTopics.spec.js',
    test: 'Admin > createTopics > forward non ignorable errors with topic name metadata',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/deleteTopics.spec.js',
    test: 'Admin > deleteTopics > retries if the controller has moved',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/deleteTopics.spec.js',
    test: 'Admin > deleteTopics > interrupts on REQUEST_TIMED_OUT',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/describeConfigs.spec.js',
    test: 'Admin > describeConfigs > retries if the controller has moved',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/listPartitionReassignments.spec.js',
    test: 'Admin > listPartitionReassignments > retries if the controller has moved',
    reason: 'internals',
    why: "mocks KafkaJS's internal cluster (`findControllerBroker`, `refreshMetadata`) and counts its calls",
  },
  {
    file: 'src/admin/__tests__/alterConfigs.spec.js',
    test: 'Admin > alter broker configs',
    reason: 'internals',
    why: "reads broker ids through KafkaJS's internal `cluster.brokerPool.seedBroker`",
  },
  {
    file: 'src/admin/__tests__/describeConfigs.spec.js',
    test: 'Admin > describeConfigs > describe broker configs',
    reason: 'internals',
    why: "reads broker ids through KafkaJS's internal `cluster.brokerPool.seedBroker`",
  },
  {
    file: 'src/admin/__tests__/deleteTopics.spec.js',
    test: 'Admin > deleteTopics > remove deleted topics from the cluster target group',
    reason: 'internals',
    why: "checks KafkaJS's internal `cluster.targetTopics`",
  },
  {
    file: 'src/admin/__tests__/deleteTopicRecords.spec.js',
    reason: 'internals',
    why: "requires KafkaJS's internal `src/broker` module to spy on it",
  },
  {
    file: 'src/admin/__tests__/fetchTopicMetadata.spec.js',
    test: 'Admin > fetchTopicMetadata > creates a new topic if the topic does not exist and "allowAutoTopicCreation" is true',
    reason: 'internals',
    why: "builds KafkaJS's internal Cluster with `allowAutoTopicCreation: true`; KafkaJS's public `admin()` never creates topics (kafe/kafkajs's does not either)",
  },
  {
    file: 'src/consumer/__tests__/batch.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal `Batch` class",
  },
  {
    file: 'src/consumer/__tests__/consumerGroup.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal `ConsumerGroup` class",
  },
  {
    file: 'src/consumer/__tests__/runner.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal `Runner` class",
  },
  {
    file: 'src/consumer/__tests__/filterAbortedMessages.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal aborted-message filter and its record fixtures",
  },
  {
    file: 'src/consumer/fetchManager.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal FetchManager",
  },
  {
    file: 'src/consumer/fetcher.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal fetcher",
  },
  {
    file: 'src/consumer/subscriptionState.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal SubscriptionState",
  },
  {
    file: 'src/consumer/worker.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal worker",
  },
  {
    file: 'src/consumer/workerQueue.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal worker queue",
  },
  {
    file: 'src/index.spec.js',
    reason: 'internals',
    why: "`jest.mock`s KafkaJS's internal producer module",
  },
  {
    file: 'src/producer/index.spec.js',
    reason: 'internals',
    why: "`jest.mock`s KafkaJS's internal EOS manager",
  },
  {
    file: 'src/producer/sendMessages.spec.js',
    reason: 'internals',
    why: "`jest.mock`s KafkaJS's internal message grouping",
  },
  {
    file: 'src/producer/groupMessagesPerPartition.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal message grouping",
  },
  {
    file: 'src/producer/createTopicData.spec.js',
    reason: 'internals',
    why: "tests KafkaJS's internal produce request builder",
  },
  {
    file: 'src/consumer/__tests__/connection.spec.js',
    test: 'Consumer > reconnects the cluster if disconnected',
    reason: 'internals',
    why: "calls KafkaJS's internal `cluster.isConnected()`",
  },
  {
    file: 'src/consumer/__tests__/commitOffsets.spec.js',
    test: 'Consumer > when commitOffsets > updates the partition committed offset to the given offset',
    reason: 'internals',
    why: "reads KafkaJS's internal `cluster.committedOffsets()`",
  },
  {
    file: 'src/consumer/__tests__/controlBatches.spec.js',
    test: 'Consumer > forwards empty control batches to eachBatch',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > consume messages',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > commits the last offsets processed before stopping',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > consume messages with 0.11 format',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > transactions > accepts messages from an idempotent producer',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > transactions > accepts messages from committed transactions',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > transactions > does not receive aborted messages',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > transactions > receives aborted messages for an isolation level of READ_UNCOMMITTED',
    reason: 'internals',
    why: "spies on KafkaJS's internal `cluster.refreshMetadataIfNecessary`",
  },
  {
    file: 'src/consumer/__tests__/errorRecovery.spec.js',
    test: 'Consumer > recovers from offset out of range',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/consumer/__tests__/errorRecovery.spec.js',
    test: 'Consumer > recovers from crashes due to retriable errors',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/consumer/__tests__/errorRecovery.spec.js',
    test: 'Consumer > does not recover from crashes due to not retriable errors',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/consumer/__tests__/errorRecovery.spec.js',
    test: 'Consumer > recovers from crashes due to retriable errors exhausting the number of retries',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/consumer/__tests__/errorRecovery.spec.js',
    test: 'Consumer > allows the user to bail out of restarting on retriable errors',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/consumer/__tests__/handlerErrorRecovery.spec.js',
    test: 'Consumer > when eachMessage throws an error > commits the previous offsets',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/consumer/__tests__/handlerErrorRecovery.spec.js',
    test: 'Consumer > when eachMessage throws an error > does not commit the offset if autoCommit=false',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/consumer/__tests__/handlerErrorRecovery.spec.js',
    test: 'Consumer > when eachBatch throws an error > commits the previous offsets',
    reason: 'internals',
    why: "joins the group and breaks a coordinator through KafkaJS's internal `cluster.findGroupCoordinator()`",
  },
  {
    file: 'src/producer/__tests__/idempotentProduceMessages.spec.js',
    test: 'Producer > Idempotent producer > sequential produce() calls > where produce() throws a retriable error, all messages are written to the partition once, in order',
    reason: 'internals',
    why: "makes KafkaJS's internal broker objects fail `produce` (`cluster.findBroker`, `jest.spyOn(broker, 'produce')`)",
  },
  {
    file: 'src/producer/__tests__/idempotentProduceMessages.spec.js',
    test: 'Producer > Idempotent producer > sequential produce() calls > where produce() throws a retriable error after the message is written to the log, all messages are written to the partition once, in order',
    reason: 'internals',
    why: "makes KafkaJS's internal broker objects fail `produce` (`cluster.findBroker`, `jest.spyOn(broker, 'produce')`)",
  },
  {
    file: 'src/producer/__tests__/idempotentProduceMessages.spec.js',
    test: 'Producer > Idempotent producer > concurrent produce() calls > where produce() throws a retriable error on the first call, all messages are written to the partition once',
    reason: 'internals',
    why: "makes KafkaJS's internal broker objects fail `produce` (`cluster.findBroker`, `jest.spyOn(broker, 'produce')`)",
  },
  {
    file: 'src/producer/__tests__/idempotentProduceMessages.spec.js',
    test: 'Producer > Idempotent producer > concurrent produce() calls > where produce() throws a retriable error on 2nd call, all messages are written to the partition once',
    reason: 'internals',
    why: "makes KafkaJS's internal broker objects fail `produce` (`cluster.findBroker`, `jest.spyOn(broker, 'produce')`)",
  },
  {
    file: 'src/producer/__tests__/idempotentProduceMessages.spec.js',
    test: 'Producer > Idempotent producer > concurrent produce() calls > where produce() throws a retriable error after the message is written to the log, all messages are written to the partition once',
    reason: 'internals',
    why: "makes KafkaJS's internal broker objects fail `produce` (`cluster.findBroker`, `jest.spyOn(broker, 'produce')`)",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if the acl array is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if the resource name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if the principal name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if the host name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if there are invalid resource types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if there are invalid resource pattern types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if there are invalid permission types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > throws an error if there are invalid operation types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > checks topic access',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/createAcls.spec.js',
    test: 'Admin > createAcls > can produce to allowed topic after failing to produce to not-allowed topic',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if the acl filter array is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if the resource name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if the principal name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if the host name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if there are invalid resource types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if there are invalid resource pattern types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if there are invalid permission types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > throws an error if there are invalid operation types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/deleteAcls.spec.js',
    test: 'Admin > deleteAcls > applies and deletes acl',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > throws an error if the resource name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > throws an error if the principal name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > throws an error if the host name is invalid',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > throws an error if there are invalid resource types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > throws an error if there are invalid resource pattern types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > throws an error if there are invalid permission types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > throws an error if there are invalid operation types',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/describeAcls.spec.js',
    test: 'Admin > describeAcls > creates and queries acl',
    reason: 'environment',
    why: "connects to KafkaJS's SASL_SSL listener (port 9094, its certificate) as its users test/bob/alice, on a cluster with an authorizer",
  },
  {
    file: 'src/admin/__tests__/connection.spec.js',
    test: 'Admin > support SSL connections',
    reason: 'environment',
    why: "connects to KafkaJS's SSL listener with its certificate",
  },
  {
    file: 'src/consumer/__tests__/connection.spec.js',
    test: 'Consumer > support SSL connections',
    reason: 'environment',
    why: "connects to KafkaJS's SSL listener with its certificate",
  },
  {
    file: 'src/admin/__tests__/alterPartitionReassignments.spec.js',
    test: 'Admin > alterPartitionReassignments > throws an error trying to assign invalid broker',
    reason: 'environment',
    why: "places replicas on brokers 0, 1 and 2 of KafkaJS's three-broker cluster",
  },
  {
    file: 'src/admin/__tests__/alterPartitionReassignments.spec.js',
    test: 'Admin > alterPartitionReassignments > reassign partitions',
    reason: 'environment',
    why: "places replicas on brokers 0, 1 and 2 of KafkaJS's three-broker cluster",
  },
  {
    file: 'src/admin/__tests__/createTopics.spec.js',
    test: 'Admin > createTopics > creating topic with manual replica assignment',
    reason: 'environment',
    why: "places replicas on brokers 0, 1 and 2 of KafkaJS's three-broker cluster",
  },
  {
    file: 'src/admin/__tests__/listPartitionReassignments.spec.js',
    test: 'Admin > listPartitionReassignments > list reassignments',
    reason: 'environment',
    why: "places replicas on brokers 0, 1 and 2 of KafkaJS's three-broker cluster",
  },
  {
    file: 'src/admin/__tests__/describeCluster.spec.js',
    test: 'Admin > describeCluster > retrieves metadata for all brokers in the cluster',
    reason: 'environment',
    why: "expects KafkaJS's three brokers",
  },
  {
    file: 'src/admin/index.spec.js',
    test: 'Admin > gives access to its logger',
    reason: 'environment',
    why: "compares with a Jest snapshot (of KafkaJS's logger object) that the reference copy leaves out",
  },
  {
    file: 'src/consumer/__tests__/logger.spec.js',
    test: 'Consumer > gives access to its logger',
    reason: 'environment',
    why: "compares with a Jest snapshot (of KafkaJS's logger object) that the reference copy leaves out",
  },
  {
    file: 'src/consumer/__tests__/assignerProtocol.spec.js',
    reason: 'environment',
    why: 'reads byte fixtures (`__tests__/fixtures/`) that the reference copy leaves out',
  },
  {
    file: 'src/admin/__tests__/fetchOffsets.spec.js',
    test: 'Admin > fetchOffsets > when used with the resolvedOffsets option > reset to latest: returns latest *topic* offsets after resolving',
    reason: 'difference',
    why: "`resetOffsets` commits the actual earliest/latest offsets, not KafkaJS's -1/-2 placeholders",
  },
  {
    file: 'src/admin/__tests__/fetchOffsets.spec.js',
    test: 'Admin > fetchOffsets > when used with the resolvedOffsets option > reset to earliest: returns earliest *topic* offsets after resolving',
    reason: 'difference',
    why: "`resetOffsets` commits the actual earliest/latest offsets, not KafkaJS's -1/-2 placeholders",
  },
  {
    file: 'src/admin/__tests__/fetchOffsets.spec.js',
    test: 'Admin > fetchOffsets > when used with the resolvedOffsets option > will return the correct earliest offset when it is greater than 0',
    reason: 'difference',
    why: "`resetOffsets` commits the actual earliest/latest offsets, not KafkaJS's -1/-2 placeholders",
  },
  {
    file: 'src/admin/__tests__/resetOffsets.spec.js',
    test: 'Admin > resetOffsets > set the consumer group offsets to the latest offsets',
    reason: 'difference',
    why: "`resetOffsets` commits the actual earliest/latest offsets, not KafkaJS's -1/-2 placeholders",
  },
  {
    file: 'src/admin/__tests__/resetOffsets.spec.js',
    test: 'Admin > resetOffsets > set the consumer group offsets to the earliest offsets',
    reason: 'difference',
    why: "`resetOffsets` commits the actual earliest/latest offsets, not KafkaJS's -1/-2 placeholders",
  },
  {
    file: 'src/admin/index.spec.js',
    test: 'Admin > emits the request event',
    reason: 'difference',
    why: 'REQUEST events leave out the connection handshake: it expects one for ApiVersions',
  },
  {
    file: 'src/admin/index.spec.js',
    test: 'Admin > emits the request timeout event',
    reason: 'difference',
    why: "REQUEST_TIMEOUT events leave out the connection handshake: a 1 ms requestTimeout fails connect()'s ApiVersions, unreported",
  },
  {
    file: 'src/consumer/__tests__/instrumentationEvents.spec.js',
    test: 'Consumer > Instrumentation Events > emits request events',
    reason: 'difference',
    why: 'REQUEST events leave out the connection handshake: it expects one for ApiVersions',
  },
  {
    file: 'src/consumer/__tests__/instrumentationEvents.spec.js',
    test: 'Consumer > Instrumentation Events > emits request timeout events',
    reason: 'difference',
    why: "REQUEST_TIMEOUT events leave out the connection handshake: a 1 ms requestTimeout fails connect()'s ApiVersions, unreported",
  },
  {
    file: 'src/consumer/__tests__/instrumentationEvents.spec.js',
    test: 'Consumer > Instrumentation Events > emits start and end batch process when reading empty control batches',
    reason: 'difference',
    why: 'a batch of only aborted or control records is not handed out, so it has no batch events',
  },
  {
    file: 'src/consumer/__tests__/controlBatches.spec.js',
    test: 'Consumer > can process transactions across multiple batches',
    reason: 'difference',
    why: 'a batch of only aborted or control records is not handed out, so it has no batch events',
  },
  {
    file: 'src/consumer/__tests__/instrumentationEvents.spec.js',
    test: 'Consumer > Instrumentation Events > emits connection events',
    reason: 'difference',
    why: '`run()` without a subscribed topic is refused',
  },
  {
    file: 'src/consumer/__tests__/instrumentationEvents.spec.js',
    test: 'Consumer > Instrumentation Events > emits received unsubscribed topics events',
    reason: 'difference',
    why: "a kafe/kafkajs leader deals each topic among its subscribers only: its payload lists the other member's topic too, which KafkaJS's leader leaves unassigned",
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > heartbeats are exposed in the eachMessage handler',
    reason: 'difference',
    why: 'heartbeats run on their own timer: it counts exactly one heartbeat while a handler runs',
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > stops consuming messages when running = false',
    reason: 'difference',
    why: 'disconnect() lets the handler finish the batch it is in',
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > transactions > respects offsets sent by a committed transaction ("consume-transform-produce" flow)',
    reason: 'difference',
    why: 'a producer with a transactionalId sends outside a transaction',
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > transactions > does not respect offsets sent by an aborted transaction ("consume-transform-produce" flow)',
    reason: 'difference',
    why: 'a producer with a transactionalId sends outside a transaction',
  },
  {
    file: 'src/producer/compression.spec.js',
    test: 'Producer > snappy compression not configured > throws an error',
    reason: 'difference',
    why: 'all four codecs are built in: no codec to register',
  },
  {
    file: 'src/producer/compression.spec.js',
    test: 'Producer > lz4 compression not configured > throws an error',
    reason: 'difference',
    why: 'all four codecs are built in: no codec to register',
  },
  {
    file: 'src/producer/compression.spec.js',
    test: 'Producer > zstd compression not configured > throws an error',
    reason: 'difference',
    why: 'all four codecs are built in: no codec to register',
  },
  {
    file: 'src/consumer/__tests__/emptyAssignment.spec.js',
    test: 'Consumer > remains in the group without receiving any assignment',
    reason: 'difference',
    why: 'a member with no partitions sends no fetches, so it has no FETCH events (it heartbeats, which the spec checks next)',
  },
  {
    file: 'src/admin/index.spec.js',
    test: 'Admin > emits the request queue size event',
    reason: 'difference',
    why: 'kafe pipelines without a maxInFlightRequests limit: two small concurrent requests never wait, so no REQUEST_QUEUE_SIZE (it comes when requests wait to be written)',
  },
  {
    file: 'src/consumer/__tests__/consumeMessages.spec.js',
    test: 'Consumer > discards messages received when pausing while fetch is in-flight',
    reason: 'flaky',
    why: "it listens for the paused fetch's FETCH event only once its producer.send resolves; when the fetch's answer lands first, KafkaJS would emit another FETCH from its idle fetch cycle, kafe/kafkajs sends no fetch while every partition is paused (failed 1 run in 3, December 2026)",
  },
  {
    file: 'src/consumer/__tests__/instrumentationEvents.spec.js',
    test: 'Consumer > Instrumentation Events > emits rebalancing',
    reason: 'flaky',
    why: 'failed in 3 of 6 full runs (December 2026, four spec files at once) and passed alone every time: no REBALANCING call matched its expected payload; the cause is not traced yet',
  },
  {
    file: 'src/admin/__tests__/alterConfigs.spec.js',
    test: 'Admin > alterConfigs > alter configs',
    reason: 'flaky',
    why: 'KRaft: the broker answers DescribeConfigs from its metadata image, which may apply the change a moment after AlterConfigs returns',
  },
];
