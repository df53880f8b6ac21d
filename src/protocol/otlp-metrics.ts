/**
 * OpenTelemetry's `MetricsData` (opentelemetry-proto `metrics/v1/metrics.proto`) in protobuf,
 * written by hand for the few fields KIP-714 client telemetry needs: one resource with string
 * attributes, one scope, and per metric a name and one number data point, as a gauge or as a
 * cumulative monotonic sum. Pure bytes: no dependency on an OpenTelemetry package.
 *
 * Field numbers (proto3): MetricsData.resource_metrics=1; ResourceMetrics.resource=1,
 * .scope_metrics=2; Resource.attributes=1; ScopeMetrics.scope=1, .metrics=2;
 * InstrumentationScope.name=1, .version=2; Metric.name=1, .description=2, .unit=3, .gauge=5,
 * .sum=7; Gauge.data_points=1; Sum.data_points=1, .aggregation_temporality=2, .is_monotonic=3;
 * NumberDataPoint.start_time_unix_nano=2 (fixed64), .time_unix_nano=3 (fixed64),
 * .as_double=4 (double), .attributes=7; KeyValue.key=1, .value=2; AnyValue.string_value=1.
 */

/** One metric of a {@link MetricsDataInput}. */
export interface OtlpMetric {
  readonly name: string;
  readonly value: number;
  /** A cumulative monotonic sum (a `-total` counter) rather than a gauge. */
  readonly sum: boolean;
}

/** What {@link encodeMetricsData} writes. */
export interface MetricsDataInput {
  readonly resource: Readonly<Record<string, string>>;
  readonly scope: { readonly name: string; readonly version: string };
  /** Start of the cumulative sums, ms since the epoch. */
  readonly startTimeMs: number;
  /** Time of the data points, ms since the epoch. */
  readonly timeMs: number;
  readonly metrics: readonly OtlpMetric[];
}

const AGGREGATION_TEMPORALITY_CUMULATIVE = 2;

/** Protobuf-encodes `input` as a `MetricsData` message. */
export function encodeMetricsData(input: MetricsDataInput): Uint8Array {
  const keyValues = Object.entries(input.resource).map(([k, v]) => keyValue(k, v));
  const resource = concat(keyValues.map((kv) => field(1, kv)));
  const scope = concat([stringField(1, input.scope.name), stringField(2, input.scope.version)]);
  const start = nanos(input.startTimeMs);
  const time = nanos(input.timeMs);
  const metrics = input.metrics.map((m) => {
    const point = concat([fixed64Field(2, start), fixed64Field(3, time), doubleField(4, m.value)]);
    const data = m.sum
      ? concat([field(1, point), varintField(2, AGGREGATION_TEMPORALITY_CUMULATIVE), varintField(3, 1)])
      : field(1, point);
    return field(2, concat([stringField(1, m.name), field(m.sum ? 7 : 5, data)]));
  });
  const scopeMetrics = concat([field(1, scope), ...metrics]);
  const resourceMetrics = concat([field(1, resource), field(2, scopeMetrics)]);
  return field(1, resourceMetrics);
}

function keyValue(key: string, value: string): Uint8Array {
  return concat([stringField(1, key), field(2, stringField(1, value))]);
}

function nanos(ms: number): bigint {
  return BigInt(Math.round(ms)) * 1_000_000n;
}

/** A length-delimited field (wire type 2). */
function field(number: number, bytes: Uint8Array): Uint8Array {
  return concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

function stringField(number: number, value: string): Uint8Array {
  return field(number, Buffer.from(value, 'utf8'));
}

function varintField(number: number, value: number): Uint8Array {
  return concat([varint(number << 3), varint(value)]);
}

function fixed64Field(number: number, value: bigint): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return concat([varint((number << 3) | 1), b]);
}

function doubleField(number: number, value: number): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return concat([varint((number << 3) | 1), b]);
}

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
