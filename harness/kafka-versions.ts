/**
 * The Apache Kafka releases the harness can run, and the class names that moved between them.
 *
 * Kafka 4.0 moved the console producer, `kafka-configs` and `kafka-acls` from `kafka.tools` /
 * `kafka.admin` (Scala, core) to `org.apache.kafka.tools` (Java, tools module); the rest of the
 * tools we use live in the tools module in both lines. Logging changed too: 3.9 logs through reload4j (log4j 1 API), 4.x
 * through log4j2 (KIP-653).
 */

/** A Kafka release the harness knows how to fetch and start. */
export interface KafkaRelease {
  /** Full Maven version, e.g. `4.4.0`. */
  readonly version: string;
  /** Extra Maven artifacts (beyond `kafka_2.13` and `kafka-tools`) that the release needs to log. */
  readonly loggingArtifacts: readonly string[];
  /** Which logging backend the broker uses, to pick the configuration file format. */
  readonly logging: 'log4j2' | 'reload4j';
  /** Fully qualified class names of the tools, by the short alias the CLI accepts. */
  readonly tools: Readonly<Partial<Record<KafkaToolName, string>>>;
  /**
   * Feature levels given to `kafka-storage format` (`--feature name=level`), or none. Kafka 4.4
   * formats `share.version=2` by default (share groups, KIP-932, production ready since 4.2);
   * the harness names it so that the share-group tests do not depend on that default.
   */
  readonly features: readonly string[];
}

/** Short names of the Kafka command-line tools the harness can run. */
export type KafkaToolName =
  | 'storage'
  | 'topics'
  | 'console-producer'
  | 'console-consumer'
  | 'producer-perf'
  | 'consumer-perf'
  | 'consumer-groups'
  | 'configs'
  | 'acls'
  | 'delegation-tokens'
  | 'features'
  | 'metadata-quorum'
  | 'leader-election'
  | 'reassign-partitions'
  | 'transactions'
  | 'transactional-copier'
  | 'delete-records'
  | 'log-dirs'
  | 'get-offsets'
  | 'share-groups'
  | 'streams-groups'
  | 'console-share-consumer'
  | 'share-consumer-perf'
  | 'cluster';

const commonTools = {
  storage: 'kafka.tools.StorageTool',
  cluster: 'org.apache.kafka.tools.ClusterTool',
  topics: 'org.apache.kafka.tools.TopicCommand',
  'console-consumer': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  'producer-perf': 'org.apache.kafka.tools.ProducerPerformance',
  'consumer-perf': 'org.apache.kafka.tools.ConsumerPerformance',
  'consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'delegation-tokens': 'org.apache.kafka.tools.DelegationTokenCommand',
  features: 'org.apache.kafka.tools.FeatureCommand',
  'metadata-quorum': 'org.apache.kafka.tools.MetadataQuorumCommand',
  'leader-election': 'org.apache.kafka.tools.LeaderElectionCommand',
  'reassign-partitions': 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand',
  transactions: 'org.apache.kafka.tools.TransactionsCommand',
  // Kafka's system-test tool: copies a partition to a topic in transactions (with random aborts
  // on request), with the consumed offsets committed in each transaction.
  'transactional-copier': 'org.apache.kafka.tools.TransactionalMessageCopier',
  'delete-records': 'org.apache.kafka.tools.DeleteRecordsCommand',
  'log-dirs': 'org.apache.kafka.tools.LogDirsCommand',
  'get-offsets': 'org.apache.kafka.tools.GetOffsetShell',
} as const;

/** The releases by the short name used on the command line (`--version 4` or `--version 3.9`). */
export const kafkaReleases = {
  '4': {
    version: '4.4.0',
    loggingArtifacts: ['org.apache.logging.log4j:log4j-slf4j-impl:2.25.5'],
    logging: 'log4j2',
    tools: {
      ...commonTools,
      'console-producer': 'org.apache.kafka.tools.ConsoleProducer',
      configs: 'org.apache.kafka.tools.ConfigCommand',
      acls: 'org.apache.kafka.tools.AclCommand',
      'share-groups': 'org.apache.kafka.tools.consumer.group.ShareGroupCommand',
      'streams-groups': 'org.apache.kafka.tools.streams.StreamsGroupCommand',
      'console-share-consumer': 'org.apache.kafka.tools.consumer.ConsoleShareConsumer',
      'share-consumer-perf': 'org.apache.kafka.tools.ShareConsumerPerformance',
    },
    features: ['share.version=2'],
  },
  '3.9': {
    version: '3.9.2',
    // kafka_2.13:3.9.2 already depends on slf4j-reload4j and reload4j.
    loggingArtifacts: [],
    logging: 'reload4j',
    tools: {
      ...commonTools,
      'console-producer': 'kafka.tools.ConsoleProducer',
      configs: 'kafka.admin.ConfigCommand',
      acls: 'kafka.admin.AclCommand',
    },
    // No share groups before Kafka 4.0 (KIP-932).
    features: [],
  },
} as const satisfies Record<string, KafkaRelease>;

/** Short release names accepted by `--version`. */
export type KafkaReleaseName = keyof typeof kafkaReleases;

/** Resolves a `--version` value (`4`, `4.4`, `4.4.0`, `3.9`, `3.9.2`) to a known release. */
export function resolveRelease(name: string): KafkaRelease {
  for (const [short, release] of Object.entries(kafkaReleases)) {
    if (name === short || release.version === name || release.version.startsWith(`${name}.`)) return release;
  }
  throw new Error(
    `Unknown Kafka version "${name}": use one of ${Object.entries(kafkaReleases)
      .map(([s, r]) => `${s} (${r.version})`)
      .join(', ')}`,
  );
}
