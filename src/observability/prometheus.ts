/**
 * Metrics snapshots in Prometheus' text exposition format (version 0.0.4), for a `/metrics`
 * endpoint: each Java metric name becomes `<prefix>_<name with _ for ->`, a counter when it
 * ends in `-total` and a gauge otherwise, with the labels given (escaped as the format says).
 */
import type { MetricsSnapshot } from '../net/network-metrics.js';

/** Options of {@link prometheusText}. */
export interface PrometheusOptions {
  /** Prepended to every name, e.g. `kafka_producer`. Default `kafe`. */
  readonly prefix?: string;
  /** Labels of every sample, e.g. `{ client_id: 'billing' }`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The text of one snapshot: `# TYPE` line and one sample per metric. */
export function prometheusText(snapshot: MetricsSnapshot, options: PrometheusOptions = {}): string {
  const prefix = options.prefix ?? 'kafe';
  const labels = Object.entries(options.labels ?? {})
    .map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`)
    .join(',');
  const lines: string[] = [];
  for (const [metric, value] of Object.entries(snapshot)) {
    const name = `${prefix}_${metric.replaceAll('-', '_')}`;
    lines.push(`# TYPE ${name} ${metric.endsWith('-total') ? 'counter' : 'gauge'}`);
    lines.push(`${name}${labels === '' ? '' : `{${labels}}`} ${sampleValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A value as the format writes it (`NaN`, `+Inf`, `-Inf` included). */
function sampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
