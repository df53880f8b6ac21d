/**
 * A local Apache Kafka cluster in KRaft mode on loopback, started from jars fetched by
 * {@link ensureKafka}: one combined node or three, each with its own ports, data folder under
 * the temp folder and a 512 MB heap. The state (pids, ports, paths) is written to a JSON file so
 * that a later command (`npm run kafka -- kill-broker 2`) or a test process can act on it.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  loggingProperties,
  type NodePorts,
  type NodeRoles,
  nodeProperties,
  type SecurityMode,
  scramTestUsers,
} from './broker-config.js';
import { probeBroker } from './broker-probe.js';
import { ensureCertificates, type TestCertificates } from './certificates.js';
import { kafkaClusterId } from './cluster-id.js';
import { freePorts } from './free-ports.js';
import { checkJava, ensureKafka, type KafkaDistribution } from './kafka-dist.js';
import { type KafkaRelease, resolveRelease } from './kafka-versions.js';
import { clusterMarker, endProcess, findHarnessJvms, isAlive } from './processes.js';
import { ensureTelemetryReceiver } from './telemetry-receiver.js';

/** How to start a cluster. */
export interface StartOptions {
  /** Names the cluster so several can run side by side (`default` for the CLI). */
  name?: string;
  /** `4` (newest 4.x) or `3.9`, or a full version the harness knows. */
  version?: string;
  /** Number of combined broker+controller nodes: 1 or 3. */
  brokers?: number;
  /** Extra client listeners: `plain` (none), `sasl`, or `ssl` (SSL with client certificates, and SASL_SSL). */
  security?: SecurityMode;
  /** How long to wait for every broker to answer. */
  readyTimeoutMs?: number;
  /**
   * Run KRaft's `StandardAuthorizer`: the test users `plain` and `scram` are super users,
   * `nobody` has no rights (harness/broker-config.ts). Needs `security` sasl or ssl.
   */
  authorizer?: boolean;
  /** Give each broker its own rack, `rack-<id>` (`broker.rack`, KIP-36). */
  racks?: boolean;
  /** Log directories per broker (JBOD, KIP-858), for describeLogDirs / alterReplicaLogDirs. Default 1. */
  logDirs?: number;
  /**
   * A dynamic quorum (KIP-853, as Kafka's quickstart formats it): the node is formatted with
   * `--standalone`, so controllers added with {@link KafkaCluster.addNode} can become voters.
   * One node only. Default false (a static `controller.quorum.voters` quorum).
   */
  dynamicQuorum?: boolean;
}

/** One node as recorded in the state file. */
export interface NodeState {
  id: number;
  pid: number | null;
  ports: NodePorts;
  dir: string;
  configFile: string;
  logFile: string;
  /** `broker.rack`, or null when the cluster has no racks. */
  rack: string | null;
  /** What it runs; absent for the combined nodes a cluster starts with. */
  roles?: NodeRoles;
}

/** Everything a later process needs to use or control the cluster. */
export interface ClusterState {
  name: string;
  version: string;
  security: SecurityMode;
  /** Whether the brokers run an authorizer (see {@link StartOptions.authorizer}). */
  authorizer: boolean;
  /** Whether the quorum is dynamic (see {@link StartOptions.dynamicQuorum}); absent means static. */
  dynamicQuorum?: boolean;
  clusterId: string;
  dir: string;
  classpath: string;
  logging: 'log4j2' | 'reload4j';
  nodes: NodeState[];
  certificates: TestCertificates | null;
}

/** The client listeners a cluster may offer. */
export type ListenerName = 'plaintext' | 'sasl' | 'ssl' | 'saslSsl';

/** Folder holding a named cluster's state, data and logs. */
export function clusterDir(name: string): string {
  return join(process.env.KAFE_RUN_DIR ?? join(tmpdir(), 'kafe-kafka'), name);
}

interface StartInput {
  readonly name: string;
  readonly brokers: number;
  readonly security: SecurityMode;
  readonly authorizer: boolean;
  readonly racks: boolean;
  readonly logDirs: number;
  readonly dynamicQuorum: boolean;
  readonly release: KafkaRelease;
  readonly dist: KafkaDistribution;
  readonly readyTimeoutMs: number;
}

/** Whether a start failed because a broker could not bind its port. */
function isPortClash(error: unknown): boolean {
  return error instanceof Error && /BindException|Address already in use/.test(error.message);
}

/** A running (or partly running) local cluster. */
export class KafkaCluster {
  private constructor(private state: ClusterState) {}

  /** The file node `nodeId`'s KIP-714 telemetry receiver appends client pushes to (4.x clusters). */
  telemetryFile(nodeId: number): string {
    const node = this.state.nodes.find((n) => n.id === nodeId);
    if (node === undefined) throw new Error(`no node ${nodeId} in cluster ${this.state.name}`);
    return join(node.dir, 'telemetry.jsonl');
  }

  /** Starts a fresh cluster, after killing any leftover of the same name. */
  static async start(options: StartOptions = {}): Promise<KafkaCluster> {
    const name = options.name ?? 'default';
    const brokers = options.brokers ?? 1;
    const security = options.security ?? 'plain';
    if (brokers !== 1 && brokers !== 3) throw new Error(`--brokers must be 1 or 3, not ${brokers}`);
    if (!['plain', 'sasl', 'ssl'].includes(security))
      throw new Error(`--security must be plain, sasl or ssl, not ${security}`);
    const authorizer = options.authorizer ?? false;
    if (authorizer && security === 'plain')
      throw new Error('--authorizer needs --security sasl or ssl (users to authorize)');
    const racks = options.racks ?? false;
    const logDirs = options.logDirs ?? 1;
    const dynamicQuorum = options.dynamicQuorum ?? false;
    if (dynamicQuorum && brokers !== 1)
      throw new Error('--dynamic-quorum starts one node (add controllers later)');
    if (!Number.isInteger(logDirs) || logDirs < 1 || logDirs > 4)
      throw new Error(`--log-dirs must be 1 to 4, not ${logDirs}`);
    const release = resolveRelease(options.version ?? '4');
    await checkJava();
    await KafkaCluster.killLeftovers(name);
    const dist = await ensureKafka(release);
    const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await KafkaCluster.startOnce({
          ...{ name, brokers, security, authorizer, racks, logDirs, dynamicQuorum },
          ...{ release, dist, readyTimeoutMs },
        });
      } catch (error) {
        // Another process bound one of the picked ports before the broker did (see free-ports.ts):
        // the broker exited with a BindException. New ports make the next attempt independent.
        if (attempt === 3 || !isPortClash(error)) throw error;
        process.stderr.write(`kafe: a broker's port was taken during start-up; starting "${name}" again\n`);
      }
    }
  }

  /** One start on freshly picked ports; stops what it started when it fails. */
  private static async startOnce(input: StartInput): Promise<KafkaCluster> {
    const { name, brokers, security, release, dist } = input;
    const dir = clusterDir(name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const certificates = security === 'ssl' ? await ensureCertificates(join(dir, 'certs')) : null;

    const perNode = 2 + (security === 'sasl' ? 1 : 0) + (security === 'ssl' ? 2 : 0);
    const ports = await freePorts(perNode * brokers);
    const nodes: NodeState[] = [];
    for (let i = 0; i < brokers; i++) {
      const p = ports.slice(i * perNode, (i + 1) * perNode);
      const nodePorts: NodePorts = { plaintext: p[0]!, controller: p[1]! };
      if (security === 'sasl') nodePorts.sasl = p[2]!;
      if (security === 'ssl') {
        nodePorts.ssl = p[2]!;
        nodePorts.saslSsl = p[3]!;
      }
      const nodeDir = join(dir, `node-${i + 1}`);
      nodes.push({
        id: i + 1,
        pid: null,
        ports: nodePorts,
        dir: nodeDir,
        configFile: join(nodeDir, 'server.properties'),
        logFile: join(nodeDir, 'server.log'),
        rack: input.racks ? `rack-${i + 1}` : null,
      });
    }
    // 4.x brokers load the KIP-714 telemetry receiver (client metrics pushes are a 4.x test subject).
    const receiver = release.version.startsWith('4.') ? await ensureTelemetryReceiver(dist) : null;
    const state: ClusterState = {
      name,
      version: release.version,
      security,
      authorizer: input.authorizer,
      ...(input.dynamicQuorum ? { dynamicQuorum: true } : {}),
      clusterId: kafkaClusterId(),
      dir,
      classpath: receiver === null ? dist.classpath : `${dist.classpath}:${receiver}`,
      logging: release.logging,
      nodes,
      certificates,
    };
    const cluster = new KafkaCluster(state);
    const voters = nodes.map((n) => ({ id: n.id, controllerPort: n.ports.controller }));
    await Promise.all(
      nodes.map(async (node) => {
        await mkdir(node.dir, { recursive: true });
        const props = nodeProperties({
          nodeId: node.id,
          ports: node.ports,
          voters,
          dynamicQuorum: input.dynamicQuorum,
          dataDir: join(node.dir, 'data'),
          brokerCount: brokers,
          security,
          authorizer: input.authorizer,
          logDirs: input.logDirs,
          ...(node.rack === null ? {} : { rack: node.rack }),
          shareGroups: release.features.some((f) => f.startsWith('share.version=')),
          ...(receiver === null ? {} : { telemetryFile: join(node.dir, 'telemetry.jsonl') }),
          ...(certificates ? { certificates } : {}),
        });
        await writeFile(node.configFile, props);
        await writeFile(
          join(node.dir, 'log.properties'),
          loggingProperties(release.logging, node.logFile, 'INFO'),
        );
        await cluster.format(node, input.dynamicQuorum ? ['--standalone'] : []);
      }),
    );
    await writeFile(join(dir, 'tools-log.properties'), loggingProperties(release.logging, null, 'WARN'));
    try {
      for (const node of nodes) cluster.spawnNode(node);
      await cluster.save();
      await cluster.waitReady(input.readyTimeoutMs);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Loads the cluster a previous command started. */
  static load(name = 'default'): KafkaCluster {
    const file = join(clusterDir(name), 'state.json');
    if (!existsSync(file)) throw new Error(`No kafe test cluster named "${name}" is running (no ${file}).`);
    return new KafkaCluster(JSON.parse(readFileSync(file, 'utf8')) as ClusterState);
  }

  /** Kills every harness JVM of the named cluster (or of all clusters when `name` is null). */
  static async killLeftovers(name: string | null): Promise<number> {
    const pids = findHarnessJvms(name);
    await Promise.all(pids.map((pid) => endProcess(pid, 'SIGKILL')));
    return pids.length;
  }

  /** The recorded state (ports, pids, paths). */
  get info(): Readonly<ClusterState> {
    return this.state;
  }

  /** Comma-separated `host:port` list of a listener on every node. */
  bootstrapFor(listener: ListenerName): string {
    const ports = this.brokers().map((n) => n.ports[listener]);
    if (ports.some((p) => p === undefined)) {
      throw new Error(
        `This cluster has no ${listener} listener (started with --security ${this.state.security})`,
      );
    }
    return ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  /** The bootstrap list of the cluster's main client listener (the secured one when secured). */
  get bootstrap(): string {
    const main: Record<SecurityMode, ListenerName> = { plain: 'plaintext', sasl: 'sasl', ssl: 'ssl' };
    return this.bootstrapFor(main[this.state.security]);
  }

  private node(id: number): NodeState {
    const node = this.state.nodes.find((n) => n.id === id);
    if (!node)
      throw new Error(
        `No broker ${id}: this cluster has brokers ${this.state.nodes.map((n) => n.id).join(', ')}`,
      );
    return node;
  }

  private javaArgs(logConfig: string, heap: string): string[] {
    const logProperty =
      this.state.logging === 'log4j2'
        ? `-Dlog4j2.configurationFile=${logConfig}`
        : `-Dlog4j.configuration=file:${logConfig}`;
    return [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-Djava.awt.headless=true',
      clusterMarker(this.state.name),
      logProperty,
      '-cp',
      this.state.classpath,
    ];
  }

  private async format(node: NodeState, quorumArgs: readonly string[]): Promise<void> {
    const scram = scramTestUsers.flatMap((user) =>
      (['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const).flatMap((mechanism) => [
        '--add-scram',
        `${mechanism}=[name=${user.username},password=${user.password}]`,
      ]),
    );
    const result = await this.java(
      [
        ...this.javaArgs(join(node.dir, 'log.properties'), '256m'),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        this.state.clusterId,
        '-c',
        node.configFile,
        ...resolveRelease(this.state.version).features.flatMap((f) => ['--feature', f]),
        ...scram,
        ...quorumArgs,
      ],
      { timeoutMs: 120_000 },
    );
    if (result.exitCode !== 0)
      throw new Error(`Formatting node ${node.id} failed:\n${result.stdout}${result.stderr}`);
  }

  private spawnNode(node: NodeState): void {
    const out = openSync(join(node.dir, 'stdout.log'), 'a');
    const child = spawn(
      'java',
      [...this.javaArgs(join(node.dir, 'log.properties'), '512m'), 'kafka.Kafka', node.configFile],
      {
        detached: true,
        stdio: ['ignore', out, out],
      },
    );
    closeSync(out);
    child.unref();
    if (child.pid === undefined) throw new Error(`Could not start broker ${node.id}`);
    node.pid = child.pid;
  }

  private async save(): Promise<void> {
    await writeFile(join(this.state.dir, 'state.json'), `${JSON.stringify(this.state, null, 2)}\n`);
  }

  private running(): NodeState[] {
    return this.state.nodes.filter((n) => n.pid !== null && isAlive(n.pid));
  }

  /** The nodes that run a broker (all but added controller-only nodes). */
  private brokers(): NodeState[] {
    return this.state.nodes.filter((n) => n.roles !== 'controller');
  }

  /**
   * Waits until every running node answers a metadata request listing every running node, so a
   * topic with replication factor 3 can be created as soon as this returns.
   */
  async waitReady(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const expected = () =>
      this.running()
        .filter((n) => n.roles !== 'controller')
        .map((n) => n.id);
    let lastError = '';
    for (;;) {
      for (const node of this.state.nodes) {
        if (node.pid !== null && !isAlive(node.pid)) {
          throw new Error(`Broker ${node.id} exited during start-up. Last log lines:\n${this.tail(node)}`);
        }
      }
      const want = expected();
      try {
        const seen = await Promise.all(
          want.map((id) => probeBroker('127.0.0.1', this.node(id).ports.plaintext)),
        );
        // A listener answering with another cluster id is another cluster's broker on a port
        // this one failed to bind: not ready (the exit check above then reports the failure).
        const ours = seen.every((s) => s.clusterId === this.state.clusterId);
        if (ours && seen.every((s) => want.every((id) => s.brokerIds.includes(id)))) return;
        lastError = ours
          ? `brokers see ${seen.map((s) => `[${s.brokerIds.join(',')}]`).join(' ')}, want [${want.join(',')}]`
          : `a listener answers for cluster ${seen.find((s) => s.clusterId !== this.state.clusterId)?.clusterId}, not ${this.state.clusterId}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(`Kafka did not become ready within ${timeoutMs} ms (${lastError}).`);
      }
      await sleep(250);
    }
  }

  private tail(node: NodeState, lines = 40): string {
    for (const file of [node.logFile, join(node.dir, 'stdout.log')]) {
      if (existsSync(file)) {
        const text = readFileSync(file, 'utf8').trimEnd().split('\n');
        if (text.length > 1) return text.slice(-lines).join('\n');
      }
    }
    return '(no log)';
  }

  /** Stops one broker with SIGKILL (no controlled shutdown), as a crash would. */
  async killBroker(id: number): Promise<void> {
    const node = this.node(id);
    if (node.pid !== null) await endProcess(node.pid, 'SIGKILL');
    node.pid = null;
    await this.save();
  }

  /** Stops one broker gracefully (controlled shutdown), SIGKILL after 60 s. */
  async stopBroker(id: number): Promise<void> {
    const node = this.node(id);
    if (node.pid !== null) await endProcess(node.pid, 'SIGTERM', 60_000);
    node.pid = null;
    await this.save();
  }

  /** Starts one broker again (stopping it first if it runs) and waits until the cluster sees it. */
  async restartBroker(id: number, readyTimeoutMs = 180_000): Promise<void> {
    const node = this.node(id);
    if (node.pid !== null && isAlive(node.pid)) await this.stopBroker(id);
    this.spawnNode(node);
    await this.save();
    await this.waitReady(readyTimeoutMs);
  }

  /**
   * Starts one more node: a controller-only node (dynamic quorums only) that joins the quorum
   * as an observer until it is added as a voter (KIP-853), or a broker-only node that registers
   * with the controllers. Plain clusters only. Resolves once a broker is seen by the cluster,
   * or once a controller's process runs (it then fetches the metadata log as an observer).
   */
  async addNode(roles: 'controller' | 'broker', readyTimeoutMs = 180_000): Promise<NodeState> {
    if (this.state.security !== 'plain') throw new Error('addNode: plain clusters only');
    if (roles === 'controller' && this.state.dynamicQuorum !== true)
      throw new Error('addNode: a controller needs a dynamic quorum (start with dynamicQuorum)');
    const id = Math.max(...this.state.nodes.map((n) => n.id)) + 1;
    const [plaintext, controller] = await freePorts(2);
    const dir = join(this.state.dir, `node-${id}`);
    const node: NodeState = {
      id,
      pid: null,
      ports: { plaintext: plaintext!, controller: controller! },
      dir,
      configFile: join(dir, 'server.properties'),
      logFile: join(dir, 'server.log'),
      rack: null,
      roles,
    };
    await mkdir(dir, { recursive: true });
    const initial = this.state.nodes.filter((n) => n.roles === undefined);
    await writeFile(
      node.configFile,
      nodeProperties({
        nodeId: id,
        roles,
        ports: node.ports,
        voters: initial.map((n) => ({ id: n.id, controllerPort: n.ports.controller })),
        dynamicQuorum: this.state.dynamicQuorum === true,
        dataDir: join(dir, 'data'),
        brokerCount: this.brokers().length + (roles === 'broker' ? 1 : 0),
        security: 'plain',
      }),
    );
    await writeFile(join(dir, 'log.properties'), loggingProperties(this.state.logging, node.logFile, 'INFO'));
    // A controller that is not an initial voter is formatted without any (KIP-853).
    await this.format(node, roles === 'controller' ? ['--no-initial-controllers'] : []);
    this.state.nodes.push(node);
    this.spawnNode(node);
    await this.save();
    if (roles === 'broker') await this.waitReady(readyTimeoutMs);
    return node;
  }

  /** Stops a node {@link addNode} added and forgets it (its data stays in its folder). */
  async removeNode(id: number): Promise<void> {
    const node = this.node(id);
    if (node.roles === undefined) throw new Error(`node ${id} is one the cluster started with`);
    if (node.pid !== null) await endProcess(node.pid, 'SIGTERM', 60_000);
    this.state.nodes = this.state.nodes.filter((n) => n.id !== id);
    await this.save();
  }

  /** A node's directory id (`directory.id` of its metadata log directory's meta.properties, KIP-853). */
  directoryId(id: number): string {
    // The metadata log lives in the first log directory: `data`, or `data-1` with several (JBOD).
    const dir = this.node(id).dir;
    const file = [join(dir, 'data', 'meta.properties'), join(dir, 'data-1', 'meta.properties')].find((f) =>
      existsSync(f),
    );
    if (file === undefined) throw new Error(`node ${id} has no meta.properties (not formatted?)`);
    const match = /^directory\.id=(\S+)$/m.exec(readFileSync(file, 'utf8'));
    if (match === null) throw new Error(`no directory.id in ${file}`);
    return match[1]!;
  }

  /** Stops every broker (gracefully, then SIGKILL) and kills any JVM left of this cluster. */
  async stop(): Promise<void> {
    await Promise.all(this.running().map((n) => endProcess(n.pid!, 'SIGTERM', 30_000)));
    for (const node of this.state.nodes) node.pid = null;
    await KafkaCluster.killLeftovers(this.state.name);
    if (existsSync(this.state.dir)) await this.save();
  }

  /** Which nodes run, for `status`. */
  status(): { id: number; running: boolean; pid: number | null; ports: NodePorts }[] {
    return this.state.nodes.map((n) => ({
      id: n.id,
      running: n.pid !== null && isAlive(n.pid),
      pid: n.pid,
      ports: n.ports,
    }));
  }

  /** Runs a Java class on the cluster's class path (used for the Kafka tools). */
  java(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<JavaResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr, timedOut: signal === 'SIGKILL' });
      });
      child.stdin.end(options.input ?? '');
    });
  }

  /** Java arguments that run a Kafka tool class with quiet logging on this cluster's class path. */
  toolArgs(mainClass: string, args: string[]): string[] {
    return [
      ...this.javaArgs(join(this.state.dir, 'tools-log.properties'), '256m').filter(
        (a) => !a.startsWith('-Dkafe.cluster'),
      ),
      mainClass,
      ...args,
    ];
  }
}

/** What a Java process printed and how it ended. */
export interface JavaResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when it was killed for running past its time limit. */
  timedOut: boolean;
}
