/*
 * kafe's agreement oracle: Apache Kafka's own generated message classes, driven line by line.
 *
 * One JVM serves a whole test run. Each stdin line is one JSON request; each stdout line is the
 * JSON answer carrying the same "id" (answers come in request order). Requests:
 *
 *   {"id":1,"op":"encode","name":"FetchRequest","version":12,"json":{...},"unknownTags":[...]}
 *       -> {"id":1,"ok":true,"hex":"..."}          JSON -> <Name>DataJsonConverter.read -> write()
 *       "unknownTags" (optional): [{"path":["topics",0],"fields":[{"tag":5,"hex":"0102"}]}] adds
 *       RawTaggedFields to the struct at that path (field getters and element indexes), which
 *       the JSON converters cannot express.
 *   {"id":2,"op":"decode","name":"FetchRequest","version":12,"hex":"..."}
 *       -> {"id":2,"ok":true,"json":{...},"hex":"...","unknownTags":[...]}
 *          bytes -> new <Name>Data(ByteBufferAccessor, version) -> JsonConverter.write; "hex" is
 *          what Java writes back from the object it decoded (catches fields the JSON drops,
 *          e.g. records, which the converters print as empty).
 *   {"id":3,"op":"spec","name":"FetchRequest"}     -> {"id":3,"ok":true,"spec":"<the jar's JSON spec>"}
 *   {"id":4,"op":"versions","name":"FetchRequest"} -> {"id":4,"ok":true,"lowest":4,"highest":18}
 *   {"id":5,"op":"list"}                           -> {"id":5,"ok":true,"names":["AbortedTxn",...]}
 *       every spec in the jar that has a generated class.
 *   Any failure: {"id":n,"ok":false,"error":"..."}.
 *
 * Jackson cannot carry everything through plain JSON text: the converters only accept bytes as a
 * Jackson BinaryNode, only accept float64 as a floating-point node, and int64 does not survive a
 * JavaScript JSON.parse. So both directions use one-key marker objects, which no Kafka field name
 * can collide with: {"$b64":"<base64>"}, {"$i64":"<decimal>"}, {"$f64":"<Double.toString>"}.
 *
 * Classes are found by name (org.apache.kafka.common.message.<Name>Data, else <Name>), so the
 * helper follows whatever kafka-clients jar it is compiled and run against.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.protocol.types.RawTaggedField;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public final class KafkaAgreement {
    private static final String PACKAGE = "org.apache.kafka.common.message.";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    /** The reflective handles for one message, looked up once. */
    private static final class Codec {
        final Class<?> dataClass;
        final Constructor<?> fromBytes;
        final Method fromJson;
        final Method toJson;

        Codec(String name) throws ReflectiveOperationException {
            Class<?> cls;
            try {
                cls = Class.forName(PACKAGE + name + "Data");
            } catch (ClassNotFoundException e) {
                // "data" specs (ConsumerProtocolSubscription, LeaderChangeMessage, ...) have no suffix.
                cls = Class.forName(PACKAGE + name);
            }
            Class<?> converter = Class.forName(cls.getName() + "JsonConverter");
            this.dataClass = cls;
            this.fromBytes = cls.getConstructor(Readable.class, short.class);
            this.fromJson = converter.getMethod("read", JsonNode.class, short.class);
            this.toJson = converter.getMethod("write", cls, short.class, boolean.class);
        }
    }

    private static final Map<String, Codec> CODECS = new HashMap<>();

    private static Codec codec(String name) throws ReflectiveOperationException {
        Codec codec = CODECS.get(name);
        if (codec == null) {
            codec = new Codec(name);
            CODECS.put(name, codec);
        }
        return codec;
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            out.write(answer(line).toString());
            out.newLine();
            // Batch: only flush when no further request is already waiting.
            if (!in.ready()) out.flush();
        }
        out.flush();
    }

    private static ObjectNode answer(String line) {
        ObjectNode reply = NODES.objectNode();
        JsonNode id = null;
        try {
            JsonNode request = MAPPER.readTree(line);
            id = request.get("id");
            if (id != null) reply.set("id", id);
            String op = request.path("op").asText();
            String name = request.path("name").asText();
            short version = (short) request.path("version").asInt();
            switch (op) {
                case "encode" -> reply.put("hex", HEX.formatHex(encode(codec(name), version, request)));
                case "decode" -> decode(codec(name), version, HEX.parseHex(request.path("hex").asText()), reply);
                case "spec" -> reply.put("spec", spec(name));
                case "list" -> {
                    ArrayNode names = reply.putArray("names");
                    for (String spec : list()) names.add(spec);
                }
                case "versions" -> {
                    Message message = (Message) codec(name).dataClass.getConstructor().newInstance();
                    reply.put("lowest", message.lowestSupportedVersion());
                    reply.put("highest", message.highestSupportedVersion());
                }
                default -> throw new IllegalArgumentException("unknown op '" + op + "'");
            }
            reply.put("ok", true);
        } catch (Throwable t) {
            reply.removeAll();
            if (id != null) reply.set("id", id);
            reply.put("ok", false);
            reply.put("error", describe(t));
        }
        return reply;
    }

    private static byte[] encode(Codec codec, short version, JsonNode request) throws Exception {
        Message message = (Message) invoke(codec.fromJson, null, fromMarkers(request.get("json")), version);
        for (JsonNode at : request.path("unknownTags")) {
            Object target = message;
            for (JsonNode step : at.path("path")) target = child(target, step);
            List<RawTaggedField> unknown = ((Message) target).unknownTaggedFields();
            for (JsonNode field : at.path("fields")) {
                unknown.add(new RawTaggedField(field.path("tag").asInt(), HEX.parseHex(field.path("hex").asText())));
            }
        }
        return serialize(message, version);
    }

    /** The struct field (by its getter, named like the JSON key) or collection element at {@code step}. */
    private static Object child(Object parent, JsonNode step) throws Exception {
        if (step.isInt()) {
            Iterator<?> it = ((Iterable<?>) parent).iterator();
            for (int i = 0; i < step.asInt(); i++) it.next();
            return it.next();
        }
        return parent.getClass().getMethod(step.asText()).invoke(parent);
    }

    /**
     * Finds the unknown tagged fields of every struct, walking the Java objects alongside their
     * converter JSON (whose object and array nodes name the getters to follow).
     */
    private static void collectUnknownTags(Object object, JsonNode json, ArrayNode path, ArrayNode out) throws Exception {
        if (object instanceof Message message) {
            List<RawTaggedField> unknown = message.unknownTaggedFields();
            if (!unknown.isEmpty()) {
                ObjectNode at = out.addObject();
                at.set("path", path.deepCopy());
                ArrayNode fields = at.putArray("fields");
                for (RawTaggedField field : unknown) {
                    fields.addObject().put("tag", field.tag()).put("hex", HEX.formatHex(field.data()));
                }
            }
            for (Map.Entry<String, JsonNode> entry : json.properties()) {
                JsonNode value = entry.getValue();
                if (!value.isObject() && !value.isArray()) continue;
                Object child = object.getClass().getMethod(entry.getKey()).invoke(object);
                ArrayNode childPath = path.deepCopy().add(entry.getKey());
                collectUnknownTags(child, value, childPath, out);
            }
        } else if (object instanceof Iterable<?> elements && json.isArray()) {
            int i = 0;
            for (Object element : elements) {
                collectUnknownTags(element, json.get(i), path.deepCopy().add(i), out);
                i++;
            }
        }
    }

    private static byte[] serialize(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buffer), cache, version);
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("size() said " + size + " bytes but write() left " + buffer.remaining());
        }
        return buffer.array();
    }

    private static void decode(Codec codec, short version, byte[] bytes, ObjectNode reply) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Message message;
        try {
            message = (Message) codec.fromBytes.newInstance(new ByteBufferAccessor(buffer), version);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("decoded " + buffer.position() + " of " + bytes.length
                + " bytes; " + buffer.remaining() + " trailing bytes left unread");
        }
        JsonNode json = (JsonNode) invoke(codec.toJson, null, message, version, true);
        reply.set("json", toMarkers(json));
        collectUnknownTags(message, json, NODES.arrayNode(), reply.putArray("unknownTags"));
        reply.put("hex", HEX.formatHex(serialize(message, version)));
    }

    private static String spec(String name) throws Exception {
        try (InputStream stream = KafkaAgreement.class.getClassLoader()
                .getResourceAsStream("common/message/" + name + ".json")) {
            if (stream == null) throw new IllegalArgumentException("no spec common/message/" + name + ".json in the classpath");
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The names of the jar's specs that have a generated class (removed APIs keep a spec but no class). */
    private static List<String> list() throws Exception {
        URL readme = KafkaAgreement.class.getClassLoader().getResource("common/message/README.md");
        if (readme == null || !(readme.openConnection() instanceof JarURLConnection connection)) {
            throw new IllegalStateException("common/message/ is not inside a jar on the classpath");
        }
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(connection.getJarFileURL().getPath())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String path = entry.getName();
                if (!path.startsWith("common/message/") || !path.endsWith(".json")) continue;
                String name = path.substring("common/message/".length(), path.length() - ".json".length());
                try {
                    codec(name);
                    names.add(name);
                } catch (ReflectiveOperationException e) {
                    // e.g. LeaderAndIsrRequest: "validVersions": "none" since Kafka 4.0.
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    /** Replaces the marker objects sent by the TS side with the Jackson nodes the converters require. */
    private static JsonNode fromMarkers(JsonNode node) {
        return rebuild(node, n -> {
            if (!n.isObject() || n.size() != 1) return n;
            JsonNode b64 = n.get("$b64");
            if (b64 != null) return BinaryNode.valueOf(Base64.getDecoder().decode(b64.asText()));
            JsonNode i64 = n.get("$i64");
            if (i64 != null) return LongNode.valueOf(Long.parseLong(i64.asText()));
            JsonNode f64 = n.get("$f64");
            if (f64 != null) return DoubleNode.valueOf(Double.parseDouble(f64.asText()));
            return n;
        });
    }

    /** The inverse of {@link #fromMarkers}: what JSON text (and JavaScript) cannot carry exactly. */
    private static JsonNode toMarkers(JsonNode node) {
        return rebuild(node, n -> {
            if (n.isBinary()) return marker("$b64", Base64.getEncoder().encodeToString(((BinaryNode) n).binaryValue()));
            if (n.isLong()) return marker("$i64", Long.toString(n.longValue()));
            if (n.isFloatingPointNumber()) return marker("$f64", Double.toString(n.doubleValue()));
            return n;
        });
    }

    /** A copy of the tree in which {@code replace} may swap any node; containers it keeps are walked. */
    private static JsonNode rebuild(JsonNode node, UnaryOperator<JsonNode> replace) {
        if (node == null) return null;
        JsonNode replaced = replace.apply(node);
        if (replaced != node) return replaced;
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                copy.set(entry.getKey(), rebuild(entry.getValue(), replace));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            for (JsonNode element : node) copy.add(rebuild(element, replace));
            return copy;
        }
        return node;
    }

    private static ObjectNode marker(String key, String value) {
        ObjectNode node = NODES.objectNode();
        node.set(key, TextNode.valueOf(value));
        return node;
    }

    private static Object invoke(Method method, Object target, Object... args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static Exception unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception exception) return exception;
        return new RuntimeException(cause);
    }

    private static String describe(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable cur = t; cur != null && parts.size() < 4; cur = cur.getCause()) {
            parts.add(cur.getClass().getSimpleName() + ": " + cur.getMessage());
        }
        return String.join(" <- caused by ", parts);
    }
}
