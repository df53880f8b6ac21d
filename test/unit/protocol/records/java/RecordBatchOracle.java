// Writes record batches with Apache Kafka's own Java classes (kafka-clients 3.9, the last line
// whose public API still writes magic 0/1), and prints what Java decodes from batches, to check
// kafe's records codec against Java's. Not run by the unit suite: regenerate.sh runs it to
// refresh java-batches.tsv / java-decoded.txt (which java-fixtures.test.ts checks kafe against)
// and to check that Java decodes what kafe writes exactly as it decodes its own batches.
//
//   java RecordBatchOracle write            -> one line per batch: name <TAB> base64
//   java RecordBatchOracle read < lines     -> for each such line, the records Java decodes
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Base64;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.*;

public class RecordBatchOracle {
    static String hex(ByteBuffer buf) {
        StringBuilder sb = new StringBuilder();
        ByteBuffer d = buf.duplicate();
        while (d.hasRemaining()) sb.append(String.format("%02x", d.get() & 0xff));
        return sb.toString();
    }

    static byte[] b(String s) { return s == null ? null : s.getBytes(StandardCharsets.UTF_8); }

    static SimpleRecord[] records(boolean withHeaders) {
        SimpleRecord[] out = new SimpleRecord[4];
        for (int i = 0; i < 4; i++) {
            Header[] headers = withHeaders && i == 1
                ? new Header[] { new RecordHeader("h1", b("v1")), new RecordHeader("nul", (byte[]) null) }
                : new Header[0];
            out[i] = new SimpleRecord(1700000000000L + i * 7, i == 2 ? null : b("key-" + i), i == 3 ? null : b("value-" + i + "-" + "x".repeat(i * 40)), headers);
        }
        return out;
    }

    static Compression compression(CompressionType t) {
        switch (t) {
            case GZIP: return Compression.gzip().build();
            case SNAPPY: return Compression.snappy().build();
            case LZ4: return Compression.lz4().build();
            case ZSTD: return Compression.zstd().build();
            default: return Compression.NONE;
        }
    }

    static void emit(String name, MemoryRecords records) {
        ByteBuffer buf = records.buffer();
        byte[] bytes = new byte[buf.remaining()];
        buf.duplicate().get(bytes);
        System.out.println(name + "\t" + Base64.getEncoder().encodeToString(bytes));
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("write")) {
            for (CompressionType t : CompressionType.values()) {
                emit("v2-" + t.name, MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 1000L, compression(t), TimestampType.CREATE_TIME, 4242L, (short) 3, 17, 5, true, records(true)));
                if (t != CompressionType.ZSTD) {
                    emit("v1-" + t.name, MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, 1000L, compression(t), TimestampType.CREATE_TIME, records(false)));
                    emit("v0-" + t.name, MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V0, 1000L, compression(t), TimestampType.NO_TIMESTAMP_TYPE, records(false)));
                }
            }
            emit("v2-commit", MemoryRecords.withEndTransactionMarker(2000L, 1700000000000L, 0, 4242L, (short) 3, new EndTransactionMarker(ControlRecordType.COMMIT, 9)));
            emit("v2-abort", MemoryRecords.withEndTransactionMarker(2001L, 1700000000000L, 0, 4242L, (short) 3, new EndTransactionMarker(ControlRecordType.ABORT, 9)));
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\t");
            MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(Base64.getDecoder().decode(parts[1])));
            StringBuilder sb = new StringBuilder(parts[0]);
            for (RecordBatch batch : records.batches()) {
                batch.ensureValid();
                sb.append(" | batch magic=").append(batch.magic()).append(" codec=").append(batch.compressionType().name)
                  .append(" pid=").append(batch.producerId()).append(" txn=").append(batch.isTransactional());
                for (org.apache.kafka.common.record.Record r : batch) {
                    sb.append(" [").append(r.offset()).append('@').append(r.timestamp()).append(' ')
                      .append(r.hasKey() ? hex(r.key()) : "null").append('=')
                      .append(r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString().length() : -1);
                    for (Header h : r.headers()) sb.append(' ').append(h.key()).append(':').append(h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8));
                    sb.append(']');
                }
            }
            System.out.println(sb);
        }
    }
}
