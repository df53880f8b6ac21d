// Prints org.apache.kafka.common.protocol.Errors of the kafka-clients jar on the classpath in the
// errors.tsv format (code, name, retriable, invalidates_metadata, java_exception, message), so that
// codegen can take the error table from the pinned release itself. Run by codegen/spec-source.ts:
//   java -cp kafka-clients-<release>.jar codegen/ErrorsDump.java
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;

public class ErrorsDump {
  public static void main(String[] args) {
    System.out.println("code\tname\tretriable\tinvalidates_metadata\tjava_exception\tmessage");
    for (Errors e : Errors.values()) {
      ApiException ex = e.exception();
      String cls = ex == null ? "" : ex.getClass().getSimpleName();
      boolean retriable = ex instanceof RetriableException;
      boolean invalidates = ex instanceof InvalidMetadataException;
      String msg = ex == null || e.message() == null ? "" : e.message().replace('\t', ' ').replace('\n', ' ');
      System.out.println(e.code() + "\t" + e.name() + "\t" + (retriable ? "yes" : "no") + "\t"
          + (invalidates ? "yes" : "no") + "\t" + cls + "\t" + msg);
    }
  }
}
