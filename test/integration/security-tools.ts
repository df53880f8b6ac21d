/**
 * Kafka's own admin tools (`kafka-acls`, `kafka-configs`, `kafka-delegation-tokens`,
 * `kafka-features`, `kafka-metadata-quorum`, `kafka-reassign-partitions`,
 * `kafka-leader-election`) run against the cluster under test, and their printed output read
 * back as values the tests compare with what kafe returns. The formats are those of Kafka
 * 4.4's and 3.9's tools (`AclCommand`, `ConfigCommand`, `DelegationTokenCommand`,
 * `FeatureCommand`, `MetadataQuorumCommand`, `ReassignPartitionsCommand`).
 */
import type { KafkaCluster } from '../../harness/cluster.js';
import { type JavaClientAuth, runKafkaTool, writeJavaClientConfig } from '../../harness/java-tools.js';
import type { KafkaToolName } from '../../harness/kafka-versions.js';
import type { AclBinding } from '../../src/admin/acl-binding.js';

/**
 * Runs `tool` with `args` and resolves with its standard output; rejects with everything it
 * printed when it exits non-zero. Without `auth` it connects to the plaintext listener (the
 * super user `ANONYMOUS` of a cluster with an authorizer).
 */
export async function runTool(
  cluster: KafkaCluster,
  tool: KafkaToolName,
  args: readonly string[],
  auth?: JavaClientAuth,
): Promise<string> {
  const connect = ['--bootstrap-server', cluster.bootstrapFor(auth?.listener ?? 'plaintext')];
  if (auth !== undefined) connect.push('--command-config', await writeJavaClientConfig(cluster, auth));
  const result = await runKafkaTool(cluster, tool, [...connect, ...args], { timeoutMs: 60_000 });
  if (result.exitCode !== 0)
    throw new Error(
      `kafka ${tool} ${args.join(' ')} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/** The bindings `kafka-acls --list` printed: `ResourcePattern(...)` headers, then one line per entry. */
export function listedAcls(stdout: string): AclBinding[] {
  const out: AclBinding[] = [];
  let resource: { resourceType: string; resourceName: string; patternType: string } | undefined;
  for (const line of stdout.split('\n')) {
    const header = /ResourcePattern\(resourceType=(\w+), name=(.*), patternType=(\w+)\)/.exec(line);
    if (header !== null) {
      resource = { resourceType: header[1]!, resourceName: header[2]!, patternType: header[3]! };
      continue;
    }
    const entry = /\(principal=(.*), host=(.*), operation=(\w+), permissionType=(\w+)\)/.exec(line);
    if (entry !== null && resource !== undefined)
      out.push({
        ...resource,
        principal: entry[1]!,
        host: entry[2]!,
        operation: entry[3]!,
        permissionType: entry[4]!,
      } as AclBinding);
  }
  return out;
}

/** A token row of `kafka-delegation-tokens --create` / `--describe`. */
export interface ListedToken {
  readonly tokenId: string;
  readonly hmac: string;
  readonly owner: string;
  readonly requester: string;
  readonly renewers: readonly string[];
}

/** The token rows printed (the table's header excluded). */
export function listedTokens(stdout: string): ListedToken[] {
  return [...stdout.matchAll(/^(\S{22}) (\S+) (\S+) +(\S+) +\[([^\]]*)\]/gm)].map((m) => ({
    tokenId: m[1]!,
    hmac: m[2]!,
    owner: m[3]!,
    requester: m[4]!,
    renewers: m[5]!
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  }));
}

/**
 * What `kafka-configs --describe --entity-type users|clients|ips` printed: per entity, its SCRAM
 * credentials (`SCRAM-SHA-256=iterations=4096`) or its quotas (`producer_byte_rate=1024.0`), as
 * name -> value text.
 */
export function describedConfigs(stdout: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const m of stdout.matchAll(/^(?:SCRAM credential|Quota) configs for (.+?) are (.*)$/gm)) {
    const entity = m[1]!;
    const entries = out.get(entity) ?? new Map<string, string>();
    for (const part of m[2]!.split(', ')) {
      const eq = part.indexOf('=');
      if (eq > 0) entries.set(part.slice(0, eq), part.slice(eq + 1));
    }
    out.set(entity, entries);
  }
  return out;
}

/** `kafka-features describe`: per feature, the supported range and the finalized level (text, as printed). */
export function describedFeatures(
  stdout: string,
): Map<string, { supportedMin: string; supportedMax: string; finalized: string }> {
  const out = new Map<string, { supportedMin: string; supportedMax: string; finalized: string }>();
  for (const m of stdout.matchAll(
    /^Feature: (\S+)\s+SupportedMinVersion: (\S+)\s+SupportedMaxVersion: (\S+)\s+FinalizedVersionLevel: (\S+)/gm,
  ))
    out.set(m[1]!, { supportedMin: m[2]!, supportedMax: m[3]!, finalized: m[4]! });
  return out;
}

/** `kafka-metadata-quorum describe --status`: its `Name: value` lines. */
export function quorumStatus(stdout: string): Map<string, string> {
  return new Map([...stdout.matchAll(/^(\w+):\s+(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}
