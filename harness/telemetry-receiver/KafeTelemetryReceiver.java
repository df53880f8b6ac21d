/*
 * A KIP-714 client telemetry receiver for kafe's tests: a broker metrics reporter that also
 * implements Kafka's ClientTelemetry interface, so the broker hands it every PushTelemetry
 * payload (decompressed). It parses the OTLP MetricsData with the protobuf classes kafka-clients
 * ships (shaded) and appends one JSON line per payload to the file named by the broker config
 * `kafe.telemetry.file`: client instance id, terminating flag, content type, and each metric's
 * name and value. Compiled by harness/telemetry-receiver.ts; loaded with metric.reporters.
 */
import java.io.FileWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.telemetry.ClientTelemetry;
import org.apache.kafka.server.telemetry.ClientTelemetryPayload;
import org.apache.kafka.server.telemetry.ClientTelemetryReceiver;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ScopeMetrics;

@SuppressWarnings("deprecation")
public class KafeTelemetryReceiver implements MetricsReporter, ClientTelemetry, ClientTelemetryReceiver {
  private volatile String file;

  @Override
  public void configure(Map<String, ?> configs) {
    Object f = configs.get("kafe.telemetry.file");
    file = f == null ? null : f.toString();
  }

  @Override
  public void init(List<KafkaMetric> metrics) {}

  @Override
  public void metricChange(KafkaMetric metric) {}

  @Override
  public void metricRemoval(KafkaMetric metric) {}

  @Override
  public void close() {}

  @Override
  public ClientTelemetryReceiver clientReceiver() {
    return this;
  }

  @Override
  public void exportMetrics(AuthorizableRequestContext context, ClientTelemetryPayload payload) {
    if (file == null) return;
    StringBuilder line = new StringBuilder();
    line.append("{\"clientInstanceId\":\"").append(payload.clientInstanceId()).append('"');
    line.append(",\"clientId\":\"").append(context.clientId()).append('"');
    line.append(",\"terminating\":").append(payload.isTerminating());
    line.append(",\"contentType\":\"").append(payload.contentType()).append('"');
    line.append(",\"metrics\":{");
    try {
      MetricsData data = MetricsData.parseFrom(payload.data().duplicate());
      boolean first = true;
      for (ResourceMetrics rm : data.getResourceMetricsList())
        for (ScopeMetrics sm : rm.getScopeMetricsList())
          for (Metric m : sm.getMetricsList()) {
            List<NumberDataPoint> points = m.hasSum() ? m.getSum().getDataPointsList() : m.getGauge().getDataPointsList();
            double value = points.isEmpty() ? Double.NaN : points.get(0).getAsDouble();
            if (!first) line.append(',');
            first = false;
            line.append('"').append(m.getName()).append("\":").append(Double.isNaN(value) ? "null" : Double.toString(value));
          }
      line.append("}}");
    } catch (Exception e) {
      line.append("},\"error\":\"").append(e.toString().replace('"', '\'')).append("\"}");
    }
    synchronized (this) {
      try (FileWriter out = new FileWriter(file, true)) {
        out.write(line.append('\n').toString());
      } catch (IOException e) {
        // The test then finds nothing and says so.
      }
    }
  }
}
