/** Topic name <-> id for requests that name topics by id from some version on (KIP-516). */
import type { ClusterState } from '../cluster-state.js';

/** The topic a request names: by id when `byId`, else by name (an unknown one: `undefined`). */
export function topicNamed(
  state: ClusterState,
  byId: boolean,
  name: string,
  topicId: string,
): string | undefined {
  if (!byId) return name;
  return state.topicById(topicId)?.name;
}

/** Kafka's "no topic id" (`Uuid.ZERO_UUID`), for answers about a topic that has none. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
