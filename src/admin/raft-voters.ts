/**
 * Changing the KRaft controller quorum (KIP-853; Java `Admin#addRaftVoter`, `#removeRaftVoter`,
 * `kafka-metadata-quorum.sh add-controller` / `remove-controller`). Any broker takes the request
 * and forwards it to the active controller, which adds or removes the voter through the
 * metadata log. Only a dynamic quorum changes: one formatted with `--standalone` or
 * `--initial-controllers` (`kraft.version` 1); a static one (`controller.quorum.voters`,
 * `kraft.version` 0) refuses with UNSUPPORTED_VERSION. A voter is named by its node id and its
 * metadata log directory's id (`describeMetadataQuorum` shows both).
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { errorForCode } from '../protocol/broker-error.js';

/** A listener a new voter serves the quorum on (Java `RaftVoterEndpoint`). */
export interface RaftVoterEndpoint {
  /** The listener's name, e.g. `CONTROLLER`. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** Options of {@link addRaftVoter} and {@link removeRaftVoter}. */
export interface RaftVoterOptions extends CallOptions {
  /** The cluster id the quorum must have (INCONSISTENT_CLUSTER_ID otherwise); not checked when absent. */
  clusterId?: string;
}

/** Kafka's uuid text form: URL-safe base64 of 16 bytes, no padding (its last character holds 4 bits). */
const UUID = /^[A-Za-z0-9_-]{21}[AQgw]$/;

function checkVoter(voterId: unknown, voterDirectoryId: unknown, clusterId: unknown): void {
  if (!Number.isInteger(voterId) || (voterId as number) < 0)
    throw new InvalidArgumentError(`voterId must be a node id (an integer >= 0), not ${String(voterId)}`);
  if (typeof voterDirectoryId !== 'string' || !UUID.test(voterDirectoryId))
    throw new InvalidArgumentError(
      `voterDirectoryId must be a Kafka uuid (22 URL-safe base64 characters), not ${String(voterDirectoryId)}`,
    );
  if (clusterId !== undefined && (typeof clusterId !== 'string' || clusterId === ''))
    throw new InvalidArgumentError(`clusterId must be a non-empty string, not ${String(clusterId)}`);
}

/** Adds controller `voterId` (its log directory `voterDirectoryId`, reachable at `endpoints`) to the quorum's voters. */
export async function addRaftVoter(
  cluster: Cluster,
  voterId: number,
  voterDirectoryId: string,
  endpoints: readonly RaftVoterEndpoint[],
  options: RaftVoterOptions = {},
): Promise<void> {
  checkVoter(voterId, voterDirectoryId, options.clusterId);
  if (endpoints.length === 0)
    throw new InvalidArgumentError('endpoints: a voter needs at least one listener');
  for (const e of endpoints)
    if (
      typeof e?.name !== 'string' ||
      e.name === '' ||
      typeof e.host !== 'string' ||
      e.host === '' ||
      !Number.isInteger(e.port) ||
      e.port < 1 ||
      e.port > 65_535
    )
      throw new InvalidArgumentError(
        `endpoints: ${JSON.stringify(e)} is not a listener (name, host, port 1-65535)`,
      );
  const timeoutMs = options.timeoutMs ?? cluster.defaultTimeoutMs;
  await cluster.send(
    'AddRaftVoter',
    {
      clusterId: options.clusterId ?? null,
      // The controller's own bound on committing the change (Java: the call's timeout).
      timeoutMs,
      voterId,
      voterDirectoryId,
      listeners: endpoints.map((e) => ({ name: e.name, host: e.host, port: e.port })),
      // v1: answer once the new voter set is committed, as Java asks.
      ackWhenCommitted: true,
    },
    { timeoutMs, signal: options.signal, errorOf: (r) => errorForCode(r.errorCode, r.errorMessage) },
  );
}

/** Removes controller `voterId` (its log directory `voterDirectoryId`) from the quorum's voters. */
export async function removeRaftVoter(
  cluster: Cluster,
  voterId: number,
  voterDirectoryId: string,
  options: RaftVoterOptions = {},
): Promise<void> {
  checkVoter(voterId, voterDirectoryId, options.clusterId);
  await cluster.send(
    'RemoveRaftVoter',
    { clusterId: options.clusterId ?? null, voterId, voterDirectoryId },
    {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      errorOf: (r) => errorForCode(r.errorCode, r.errorMessage),
    },
  );
}
