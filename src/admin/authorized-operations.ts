/**
 * ACL operations and the `authorizedOperations` bit fields of Metadata, DescribeTopicPartitions,
 * DescribeCluster and DescribeGroups answers (KIP-430): bit `n` set means the caller may perform
 * operation code `n` (Java `AclOperation` codes). `-2147483648` (int32 min) means the broker was
 * not asked for them.
 */

/** ACL operations by code (Java `org.apache.kafka.common.acl.AclOperation`). */
export const aclOperationCodes = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
  TWO_PHASE_COMMIT: 15,
} as const;

/** The name of an ACL operation. */
export type AclOperationName = keyof typeof aclOperationCodes;

const NOT_ASKED = -2147483648;

/** The operations set in an `authorizedOperations` bit field, in code order; none when not asked. */
export function authorizedOperations(bits: number): AclOperationName[] {
  if (bits === NOT_ASKED) return [];
  return (Object.entries(aclOperationCodes) as [AclOperationName, number][])
    .filter(([, code]) => (bits & (1 << code)) !== 0)
    .map(([name]) => name);
}
