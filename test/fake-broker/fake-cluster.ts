/**
 * Several {@link FakeBroker}s acting as one cluster, for unit tests of `cluster/` and the
 * clients: Metadata answered from a shared model (brokers, controller, topics, leaders, leader
 * epochs), FindCoordinator answered from a coordinator map (single-key and batched versions),
 * leader moves, brokers stopped and restarted at their address. Any API can still be scripted
 * per broker through {@link FakeCluster.broker}.
 */
import { randomBytes } from 'node:crypto';
import type { ApiName } from '../../src/protocol/messages/index.js';
import { FakeBroker, type FakeBrokerOptions, type FakeRequest, type Handler } from './fake-broker.js';

/** One partition of the model. */
export interface FakePartition {
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  /** Partition error code to answer in Metadata (e.g. 5 LEADER_NOT_AVAILABLE). */
  errorCode?: number;
}

/** One topic of the model. */
export interface FakeTopic {
  topicId: string;
  partitions: FakePartition[];
}

/** A request with the node id of the broker that received it. */
export interface FakeClusterRequest extends FakeRequest {
  nodeId: number;
}

/** A fake cluster of brokers with node ids 0..n-1. */
export class FakeCluster {
  /** Topics by name. */
  readonly topics = new Map<string, FakeTopic>();
  /** Coordinator node per `keyType:key`; keys not listed are coordinated by node 0. */
  readonly coordinators = new Map<string, number>();
  /** Controller id answered in Metadata. */
  controllerId = 0;
  private readonly nodes: (FakeBroker | undefined)[];
  private readonly ports: number[];
  private readonly handlers = new Map<string, Handler>();

  private constructor(
    nodes: FakeBroker[],
    private readonly options: FakeBrokerOptions,
  ) {
    this.nodes = nodes;
    this.ports = nodes.map((b) => b.port);
    for (const [id, b] of nodes.entries()) this.install(b, id);
  }

  /** Starts `count` brokers. */
  static async start(count: number, options: FakeBrokerOptions = {}): Promise<FakeCluster> {
    const nodes = await Promise.all(Array.from({ length: count }, () => FakeBroker.start(options)));
    return new FakeCluster(nodes, options);
  }

  /** `host:port` of every broker, for `brokers` options. */
  get bootstrap(): string[] {
    return this.ports.map((p) => `127.0.0.1:${p}`);
  }

  /** The running broker `nodeId` (throws when stopped). */
  broker(nodeId: number): FakeBroker {
    const b = this.nodes[nodeId];
    if (b === undefined) throw new Error(`fake broker ${nodeId} is stopped`);
    return b;
  }

  /** Whether broker `nodeId` runs. */
  isRunning(nodeId: number): boolean {
    return this.nodes[nodeId] !== undefined;
  }

  /** Sets how `api` is answered on every broker (now and after restarts). */
  handle(api: ApiName, handler: (request: FakeClusterRequest) => ReturnType<Handler>): this {
    this.handlers.set(api, handler as Handler);
    for (const [id, b] of this.nodes.entries()) b?.handle(api, (r) => handler({ ...r, nodeId: id }));
    return this;
  }

  /** Requests of `api` received by every running broker, tagged with the node id. */
  requestsOf(api: ApiName): FakeClusterRequest[] {
    return this.nodes.flatMap((b, id) => (b ? b.requestsOf(api).map((r) => ({ ...r, nodeId: id })) : []));
  }

  /** Adds a topic with `partitions` partitions led round-robin by the brokers, replicas on every broker. */
  addTopic(name: string, partitions: number): FakeTopic {
    const n = this.ports.length;
    const topic: FakeTopic = {
      topicId: randomBytes(16).toString('base64url'),
      partitions: Array.from({ length: partitions }, (_, i) => ({
        leader: i % n,
        leaderEpoch: 0,
        replicas: Array.from({ length: n }, (_, j) => (i + j) % n),
        isr: Array.from({ length: n }, (_, j) => (i + j) % n),
      })),
    };
    this.topics.set(name, topic);
    return topic;
  }

  /** Elects `leader` for a partition, bumping its leader epoch. */
  moveLeader(topic: string, partition: number, leader: number): void {
    const p = this.topics.get(topic)?.partitions[partition];
    if (p === undefined) throw new Error(`no partition ${topic}/${partition}`);
    p.leader = leader;
    p.leaderEpoch++;
  }

  /** The Metadata response body the model gives for a request (brokers alive, topics asked for). */
  metadataBody(request: FakeRequest): unknown {
    const asked: { name: string | null }[] | null = request.body.topics;
    const names = asked === null ? [...this.topics.keys()] : asked.map((t) => t.name ?? '');
    return {
      throttleTimeMs: 0,
      brokers: this.ports.flatMap((port, nodeId) =>
        this.nodes[nodeId] ? [{ nodeId, host: '127.0.0.1', port, rack: null }] : [],
      ),
      clusterId: 'fake-cluster',
      controllerId: this.controllerId,
      topics: names.map((name) => {
        const t = this.topics.get(name);
        if (t === undefined) return { errorCode: 3, name, isInternal: false, partitions: [] };
        return {
          errorCode: 0,
          name,
          topicId: t.topicId,
          isInternal: false,
          partitions: t.partitions.map((p, partitionIndex) => ({
            errorCode: p.errorCode ?? 0,
            partitionIndex,
            leaderId: p.leader,
            leaderEpoch: p.leaderEpoch,
            replicaNodes: p.replicas,
            isrNodes: p.isr,
            offlineReplicas: [],
          })),
        };
      }),
    };
  }

  /** Stops broker `nodeId` (its connections close; Metadata stops listing it). */
  async stopBroker(nodeId: number): Promise<void> {
    const b = this.nodes[nodeId];
    this.nodes[nodeId] = undefined;
    await b?.stop();
  }

  /** Starts broker `nodeId` again at its old port. */
  async restartBroker(nodeId: number): Promise<void> {
    const b = await FakeBroker.start({ ...this.options, port: this.ports[nodeId]! });
    this.nodes[nodeId] = b;
    this.install(b, nodeId);
  }

  /** Stops every broker. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((_, id) => this.stopBroker(id)));
  }

  private install(broker: FakeBroker, nodeId: number): void {
    broker.handle('Metadata', (r) => ({ body: this.metadataBody(r) }));
    broker.handle('FindCoordinator', (r) => ({ body: this.findCoordinator(r) }));
    for (const [api, handler] of this.handlers) {
      broker.handle(api as ApiName, (r) => handler({ ...r, nodeId } as FakeClusterRequest));
    }
  }

  private findCoordinator(request: FakeRequest): unknown {
    const keyType: number = request.body.keyType;
    const where = (key: string) => {
      const nodeId = this.coordinators.get(`${keyType}:${key}`) ?? 0;
      return { nodeId, host: '127.0.0.1', port: this.ports[nodeId]!, errorCode: 0, errorMessage: null };
    };
    if (request.apiVersion >= 4) {
      return {
        throttleTimeMs: 0,
        coordinators: (request.body.coordinatorKeys as string[]).map((key) => ({ key, ...where(key) })),
      };
    }
    return { throttleTimeMs: 0, ...where(request.body.key) };
  }
}
