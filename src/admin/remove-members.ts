/**
 * removeMembersFromConsumerGroup (Java `Admin#removeMembersFromConsumerGroup`, KIP-345 and
 * KIP-571): LeaveGroup (v3+, many members at once) on behalf of members, named by their static
 * instance id (what Java takes) or by member id; with no member named, every current member is
 * removed, found by describing the group first. Kafka 4.x removes members of KIP-848 groups the
 * same way. Each member is a resource with its own outcome (UNKNOWN_MEMBER_ID,
 * FENCED_INSTANCE_ID, ...); an error about the group (GROUP_ID_NOT_FOUND) is every member's.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { describeConsumerGroups, groupIdProblem } from './consumer-groups.js';
import { answerOf, fanOut } from './fan-out.js';
import { AdminResults } from './results.js';
import { coordinators } from './routers.js';

/** A member to remove: by static instance id, by member id, or both. */
export interface MemberToRemove {
  readonly groupInstanceId?: string;
  readonly memberId?: string;
}

/** Options of {@link removeMembersFromConsumerGroup}. */
export interface RemoveMembersOptions extends CallOptions {
  /** The members to remove; absent or empty: every member of the group. */
  members?: readonly MemberToRemove[];
  /** Why, as the coordinator logs it (LeaveGroup v5+, KIP-800). */
  reason?: string;
}

/** Java's `LeaveGroupRequest` default reason for an admin removal. */
const DEFAULT_REASON = 'member was removed by an admin';

/** A member's name in results: its instance id when it has one, else its member id. */
export function memberName(m: MemberToRemove): string {
  return m?.groupInstanceId || m?.memberId || '';
}

/**
 * Removes members from `groupId`: each member's outcome. With no member named, rejects with
 * the group's error when the group cannot be described (GROUP_ID_NOT_FOUND, ...).
 */
export async function removeMembersFromConsumerGroup(
  cluster: Cluster,
  groupId: string,
  options: RemoveMembersOptions = {},
): Promise<AdminResults<MemberToRemove, void>> {
  const deadline = Date.now() + (options.timeoutMs ?? cluster.defaultTimeoutMs);
  let members: readonly MemberToRemove[] = options.members ?? [];
  if (members.length === 0) {
    const described = await describeConsumerGroups(cluster, [groupId], options);
    members = described.get(groupId).members.map((m) => ({
      memberId: m.memberId,
      ...(m.groupInstanceId === null ? {} : { groupInstanceId: m.groupInstanceId }),
    }));
    if (members.length === 0) return new AdminResults('member', [], memberName);
  }
  const reason = options.reason ?? DEFAULT_REASON;
  return fanOut(
    cluster,
    members,
    {
      api: 'LeaveGroup',
      kind: 'member',
      nameOf: memberName,
      check: (m) =>
        groupIdProblem(groupId) ??
        (memberName(m) === '' ? 'name a groupInstanceId or a memberId' : undefined),
      router: coordinators('group', () => groupId),
      request: (list, version) => {
        // v3 is the first to carry members (KIP-345).
        if (version < 3)
          throw new UnsupportedVersionError(
            'LeaveGroup',
            `removing members needs LeaveGroup v3+; the broker serves v${version}`,
          );
        return {
          groupId,
          memberId: '',
          members: list.map((m) => ({
            memberId: m.memberId ?? '',
            groupInstanceId: m.groupInstanceId ?? null,
            reason,
          })),
        };
      },
      answers: (r, list) =>
        r.errorCode !== 0
          ? new Map(list.map((m) => [memberName(m), answerOf(r.errorCode, null, () => undefined)]))
          : new Map(
              r.members.map((m) => [
                memberName({
                  memberId: m.memberId,
                  ...(m.groupInstanceId === null ? {} : { groupInstanceId: m.groupInstanceId }),
                }),
                answerOf(m.errorCode, null, () => undefined),
              ]),
            ),
    },
    {
      signal: options.signal,
      timeoutMs: Math.max(1, deadline - Date.now()),
      operation: 'removeMembersFromConsumerGroup',
    },
  );
}
