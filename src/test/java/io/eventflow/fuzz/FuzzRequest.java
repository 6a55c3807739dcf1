package io.eventflow.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One generated request, symbolic where it points at the fixture: {@code {event_id}} and the like in the path, query
 * and body, {@code {organizer}} and the like in the Authorization header. They are filled in when it is sent, so a
 * request generated from a seed means the same whatever ids this run's fixture has.
 */
record FuzzRequest(Operation operation, String method, String target, Map<String, String> headers, Body body) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /** The request line's target with the fixture's values filled in. */
    String target(Fixture fixture) {
        return fill(target, fixture, operation.path(), true);
    }

    Map<String, String> headers(Fixture fixture) {
        Map<String, String> filled = new LinkedHashMap<>();
        headers.forEach((name, value) -> filled.put(name, value
                .replace("{organizer}", fixture.organizer().accessToken())
                .replace("{attendee}", fixture.attendee().accessToken())
                .replace("{admin}", fixture.admin().accessToken())));
        return filled;
    }

    static String fill(String text, Fixture fixture, String path, boolean inUrl) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = fixture.valueFor(matcher.group(1), path);
            matcher.appendReplacement(out, Matcher.quoteReplacement(inUrl ? Hostile.encode(value) : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(target, 300));
        headers.forEach((name, value) -> text.append("\n  ").append(name).append(": ").append(abbreviate(value, 120)));
        return text.append("\n  body: ").append(body).toString();
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " chars)";
    }

    /** How the JSON text is spoiled after it is written. */
    enum Twist {
        NONE, DUPLICATE_KEY, INVALID_UTF8, TRUNCATED, DEEP_ARRAYS, UNCLOSED_ARRAYS, DEEP_OBJECTS, EMPTY, NOT_JSON,
        BYTE_ORDER_MARK
    }

    /** A multipart body for the upload routes. */
    record Multipart(String part, String fileName, String partType, byte[] content, boolean boundaryInHeader) {

        @Override
        public String toString() {
            return "multipart part=" + abbreviate(part, 40) + " file=" + abbreviate(fileName, 40) + " type=" + partType
                    + " " + content.length + " bytes" + (boundaryInHeader ? "" : " (no boundary in Content-Type)");
        }
    }

    /**
     * @param tree        the JSON value (missing: no body)
     * @param escaped     written with every non-ASCII character as {@code \\uXXXX} (so lone surrogates arrive as
     *                    {@code \\ud800}); otherwise as raw UTF-8
     * @param at          where a twist applies, as a fraction of the text's length in thousandths
     * @param contentType the Content-Type header; null for none
     */
    record Body(JsonNode tree, boolean escaped, Twist twist, int at, @Nullable String contentType,
            @Nullable Multipart multipart) {

        private static final JsonMapper PLAIN = JsonMapper.builder().build();
        private static final JsonMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

        static Body none() {
            return new Body(PLAIN.missingNode(), true, Twist.NONE, 0, null, null);
        }

        boolean present() {
            return multipart != null || !tree.isMissingNode() || twist != Twist.NONE;
        }

        byte[] render(Fixture fixture, String path) {
            if (multipart != null) {
                return multipartBytes(multipart);
            }
            String json = tree.isMissingNode() ? "" : (escaped ? ASCII : PLAIN).writeValueAsString(fill(tree, fixture, path));
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8); // a lone surrogate becomes '?' here when not escaped
            int position = bytes.length * at / 1000;
            return switch (twist) {
                case NONE -> bytes;
                case DUPLICATE_KEY -> duplicateFirstKey(json).getBytes(StandardCharsets.UTF_8);
                case INVALID_UTF8 -> insert(bytes, insideFirstString(bytes, position),
                        new byte[][] {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                {(byte) 0xC3}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}}[at % 5]);
                case TRUNCATED -> Arrays.copyOf(bytes, Math.max(0, Math.min(position, bytes.length - 1)));
                case DEEP_ARRAYS -> wrapInFirstValue(json, "[".repeat(10_000) + "1" + "]".repeat(10_000));
                case UNCLOSED_ARRAYS -> wrapInFirstValue(json, "[".repeat(10_000));
                case DEEP_OBJECTS -> wrapInFirstValue(json, "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
                case EMPTY -> new byte[0];
                case NOT_JSON -> ("title=x&" + json).getBytes(StandardCharsets.UTF_8);
                case BYTE_ORDER_MARK -> insert(bytes, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            };
        }

        private static JsonNode fill(JsonNode node, Fixture fixture, String path) {
            if (node.isString() && node.asString().matches("\\{[a-z_]+}")) {
                String value = FuzzRequest.fill(node.asString(), fixture, path, false);
                return node.asString().endsWith("_number}") ? JsonNodeFactory.instance.numberNode(Long.parseLong(value))
                        : JsonNodeFactory.instance.stringNode(value);
            }
            if (node.isObject()) {
                ObjectNode copy = JsonNodeFactory.instance.objectNode();
                node.properties().forEach(e -> copy.set(e.getKey(), fill(e.getValue(), fixture, path)));
                return copy;
            }
            if (node.isArray()) {
                ArrayNode copy = JsonNodeFactory.instance.arrayNode();
                node.forEach(item -> copy.add(fill(item, fixture, path)));
                return copy;
            }
            return node;
        }

        private static String duplicateFirstKey(String json) {
            int colon = json.indexOf("\":");
            if (!json.startsWith("{\"") || colon < 0) {
                return "{\"a\":1,\"a\":2," + json.substring(Math.min(1, json.length()));
            }
            String key = json.substring(1, colon + 1);
            return "{" + key + ":[\"first\"]," + key + ":null," + json.substring(1);
        }

        /** Just after the opening quote of the first string value at or after {@code from}, else at {@code from}. */
        private static int insideFirstString(byte[] bytes, int from) {
            for (int i = Math.max(1, from); i < bytes.length; i++) {
                if (bytes[i] == '"' && bytes[i - 1] == ':') {
                    return i + 1;
                }
            }
            return Math.min(from, bytes.length);
        }

        private static byte[] wrapInFirstValue(String json, String value) {
            int colon = json.indexOf("\":");
            String text = colon < 0 ? value : json.substring(0, colon + 2) + value + "," + json.substring(colon + 2);
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] insert(byte[] bytes, int position, byte[] inserted) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, position);
            out.writeBytes(inserted);
            out.write(bytes, position, bytes.length - position);
            return out.toByteArray();
        }

        static final String BOUNDARY = "fuzz-boundary-7MA4YWxkTrZu0gW";

        private static byte[] multipartBytes(Multipart multipart) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + multipart.part()
                    + "\"; filename=\"" + multipart.fileName() + "\"\r\nContent-Type: " + multipart.partType()
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(multipart.content());
            out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        @Override
        public String toString() {
            if (multipart != null) {
                return multipart + ", Content-Type: " + contentType;
            }
            if (!present()) {
                return "none";
            }
            String json = tree.isMissingNode() ? "" : ASCII.writeValueAsString(tree);
            return abbreviate(json, 400) + (twist == Twist.NONE ? "" : " twisted " + twist + "@" + at)
                    + (escaped ? " (ASCII-escaped)" : " (raw UTF-8)") + ", Content-Type: " + contentType;
        }
    }
}
