/**
 * Configs: describeConfigs, incrementalAlterConfigs, alterConfigs (the legacy whole-set form)
 * and listConfigResources (KIP-1142) — Java `Admin#describeConfigs`, `#incrementalAlterConfigs`,
 * `#alterConfigs`, `#listConfigResources`. Resources of a broker go to that broker; the others
 * share one request to any broker (`config-resources.ts`). Each resource's outcome is its own.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { RequestOf, ResponseOf } from '../net/api-codecs.js';
import { errorForCode } from '../protocol/broker-error.js';
import {
  type ConfigResource,
  type ConfigResourceType,
  type ConfigSource,
  type ConfigType,
  configResourceName,
  configResourceNode,
  configResourceProblem,
  configResourceTypeCodes,
  configResourceTypeOf,
  configSourceOf,
  configTypeOf,
} from './config-resources.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import type { AdminResults } from './results.js';
import { brokers } from './routers.js';

/** A config's value and what the broker says about it (Java `ConfigEntry`). */
export interface ConfigEntry {
  name: string;
  /** `null` for a sensitive config, or one without a value. */
  value: string | null;
  source: ConfigSource;
  isReadOnly: boolean;
  isSensitive: boolean;
  /** Whether the value is the default (no dynamic or static setting). */
  isDefault: boolean;
  /** The values it would take from other sources, most to least preferred (`includeSynonyms`). */
  synonyms: { name: string; value: string | null; source: ConfigSource }[];
  type: ConfigType;
  /** The config's documentation (`includeDocumentation`), else `null`. */
  documentation: string | null;
}

/** Options of `Admin#describeConfigs`. */
export interface DescribeConfigsOptions extends CallOptions {
  /** Only these configs (every config by default). */
  configNames?: readonly string[];
  /** Include each config's synonyms (the values other sources would give it). Default false. */
  includeSynonyms?: boolean;
  /** Include each config's documentation. Default false. */
  includeDocumentation?: boolean;
}

/** How `incrementalAlterConfigs` changes one config (Java `AlterConfigOp.OpType`). */
export type AlterConfigOpType = 'set' | 'delete' | 'append' | 'subtract';

/** One change of a config: set it, delete it (back to its default), append to or subtract from a list. */
export interface AlterConfigOp {
  name: string;
  op: AlterConfigOpType;
  /** The value to set, append or subtract; not given for `delete`. */
  value?: string;
}

/** The changes of one resource's configs. */
export interface ConfigAlteration {
  resource: ConfigResource;
  ops: readonly AlterConfigOp[];
}

/** The whole set of one resource's dynamic configs (every config not named returns to its default). */
export interface ConfigReplacement {
  resource: ConfigResource;
  configs: Readonly<Record<string, string>>;
}

/** Options of `Admin#incrementalAlterConfigs` and `Admin#alterConfigs`. */
export interface AlterConfigsOptions extends CallOptions {
  /** Only check that the change would be accepted. Default false. */
  validateOnly?: boolean;
}

/** Options of `Admin#listConfigResources`. */
export interface ListConfigResourcesOptions extends CallOptions {
  /** Only resources of these types (all by default; brokers before KIP-1142 list client-metrics resources only). */
  types?: readonly ConfigResourceType[];
}

const OP_CODES: Record<AlterConfigOpType, number> = { set: 0, delete: 1, append: 2, subtract: 3 };

/** Describes the configs of resources: each resource's {@link ConfigEntry} list (sorted by name) or its error. */
export function describeConfigs(
  cluster: Cluster,
  resources: readonly ConfigResource[],
  options: DescribeConfigsOptions = {},
): Promise<AdminResults<ConfigResource, ConfigEntry[]>> {
  return fanOut(
    cluster,
    resources,
    {
      api: 'DescribeConfigs',
      kind: 'config-resource',
      nameOf: configResourceName,
      check: configResourceProblem,
      router: brokers(configResourceNode),
      request: (list) => ({
        resources: list.map((r) => ({
          resourceType: configResourceTypeCodes[r.type],
          resourceName: r.name,
          configurationKeys: options.configNames === undefined ? null : [...options.configNames],
        })),
        includeSynonyms: options.includeSynonyms ?? false,
        includeDocumentation: options.includeDocumentation ?? false,
      }),
      answers: (response) =>
        answersByResource(response.results, (r) =>
          r.configs
            .map(
              (c): ConfigEntry => ({
                name: c.name,
                value: c.value,
                source: configSourceOf(c.configSource),
                isReadOnly: c.readOnly,
                isSensitive: c.isSensitive,
                isDefault: c.isDefault || c.configSource === 5,
                synonyms: c.synonyms.map((s) => ({
                  name: s.name,
                  value: s.value,
                  source: configSourceOf(s.source),
                })),
                type: configTypeOf(c.configType),
                documentation: c.documentation,
              }),
            )
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        ),
    },
    { ...options, operation: 'describeConfigs' },
  );
}

/**
 * Changes configs one by one (KIP-339): set, delete, append to a list, subtract from a list.
 * Kafka applies each resource's changes atomically: a resource fails whole or changes whole.
 */
export function incrementalAlterConfigs(
  cluster: Cluster,
  alterations: readonly ConfigAlteration[],
  options: AlterConfigsOptions = {},
): Promise<AdminResults<ConfigResource, void>> {
  const ops = new Map(alterations.map((a) => [configResourceName(a?.resource), a?.ops ?? []]));
  const opsOf = (r: ConfigResource) => ops.get(configResourceName(r)) ?? [];
  return alterResources(
    cluster,
    alterations.map((a) => a?.resource),
    {
      api: 'IncrementalAlterConfigs',
      problem: (r) => opsProblem(opsOf(r)),
      configsOf: (r) =>
        opsOf(r).map((o) => ({
          name: o.name,
          configOperation: OP_CODES[o.op],
          value: o.op === 'delete' ? null : (o.value ?? null),
        })),
    },
    options,
  );
}

/**
 * Replaces the whole set of dynamic configs of resources (the legacy AlterConfigs; configs not
 * named return to their defaults). Prefer {@link incrementalAlterConfigs}.
 */
export function alterConfigs(
  cluster: Cluster,
  replacements: readonly ConfigReplacement[],
  options: AlterConfigsOptions = {},
): Promise<AdminResults<ConfigResource, void>> {
  const configs = new Map(replacements.map((r) => [configResourceName(r?.resource), r?.configs ?? {}]));
  return alterResources(
    cluster,
    replacements.map((r) => r?.resource),
    {
      api: 'AlterConfigs',
      problem: () => undefined,
      configsOf: (r) =>
        Object.entries(configs.get(configResourceName(r)) ?? {}).map(([name, value]) => ({ name, value })),
    },
    options,
  );
}

/** The two alter APIs: the same resources and answers, the configs of each resource in their own form. */
function alterResources<N extends 'AlterConfigs' | 'IncrementalAlterConfigs'>(
  cluster: Cluster,
  resources: readonly ConfigResource[],
  how: {
    readonly api: N;
    problem(r: ConfigResource): string | undefined;
    configsOf(r: ConfigResource): RequestOf<N>['resources'][number]['configs'];
  },
  options: AlterConfigsOptions,
): Promise<AdminResults<ConfigResource, void>> {
  const { api, problem, configsOf } = how;
  return fanOut(
    cluster,
    resources,
    {
      api,
      kind: 'config-resource',
      nameOf: configResourceName,
      check: (r) => configResourceProblem(r) ?? problem(r),
      router: brokers(configResourceNode),
      request: (list) =>
        ({
          resources: list.map((r) => ({
            resourceType: configResourceTypeCodes[r.type],
            resourceName: r.name,
            configs: configsOf(r),
          })),
          validateOnly: options.validateOnly ?? false,
        }) as RequestOf<N>,
      answers: (response) =>
        answersByResource((response as ResponseOf<'AlterConfigs'>).responses, () => undefined),
    },
    { ...options, operation: api === 'AlterConfigs' ? 'alterConfigs' : 'incrementalAlterConfigs' },
  );
}

/**
 * The config resources the cluster knows of (KIP-1142, Kafka 4.1+: client-metrics
 * subscriptions, groups with configs, topics, brokers), sorted by type and name. Before
 * KIP-1142 the same API (ListClientMetricsResources, KIP-714) lists client-metrics resources only.
 */
export async function listConfigResources(
  cluster: Cluster,
  options: ListConfigResourcesOptions = {},
): Promise<ConfigResource[]> {
  const types = options.types?.map((t) => configResourceTypeCodes[t]) ?? [];
  const response = await cluster.send(
    'ListConfigResources',
    { resourceTypes: types },
    {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      errorOf: (r) => errorForCode(r.errorCode),
    },
  );
  return response.configResources
    .map(
      (r): ConfigResource => ({
        // v0 (ListClientMetricsResources) lists client-metrics resources only, without a type.
        type: configResourceTypeOf(r.resourceType) ?? 'client-metrics',
        name: r.resourceName,
      }),
    )
    .filter((r) => types.length === 0 || types.includes(configResourceTypeCodes[r.type]))
    .sort((a, b) => configResourceName(a).localeCompare(configResourceName(b)));
}

/** Each result of a config response, by resource name. */
function answersByResource<
  R extends { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string },
  T,
>(results: readonly R[], value: (r: R) => T): Map<string, Answer<T>> {
  return new Map(
    results.map((r) => [
      configResourceName({ type: configResourceTypeOf(r.resourceType) ?? 'topic', name: r.resourceName }),
      answerOf(r.errorCode, r.errorMessage, () => value(r)),
    ]),
  );
}

function opsProblem(ops: readonly AlterConfigOp[]): string | undefined {
  for (const o of ops) {
    if (typeof o?.name !== 'string' || o.name === '') return 'a config name cannot be empty';
    if (!Object.hasOwn(OP_CODES, o.op))
      return `config ${o.name}: unknown op ${JSON.stringify(o.op)} (set, delete, append, subtract)`;
    if (o.op !== 'delete' && typeof o.value !== 'string')
      return `config ${o.name}: ${o.op} needs a string value`;
  }
  return undefined;
}
