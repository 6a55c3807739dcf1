package io.eventflow.fuzz;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** The values a careless or hostile client sends: each one has broken some server somewhere. */
final class Hostile {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Number literals written into the JSON text as they are: beyond double, beyond long, signed zero, tiny. */
    static final List<String> NUMBER_LITERALS = List.of("1e308", "1e309", "-1e309", "-0", "-0.0", "0.0",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "2147483648", "-2147483649", "1e-400", "4.9e-324", "123456789012345678901234567890.123456789",
            "1E+2147483647", "1e-2147483648", "0.1e999999999", "-1", "1.5", "1" + "0".repeat(1200));

    /** Strings that look like something else to a lenient parser. */
    static final List<String> LOOKALIKES = List.of("NaN", "-NaN", "Infinity", "-Infinity", "1e308", "1e309",
            "9223372036854775808", "-0", "0x10", "1_000", "\u0663", "\uff11", "true", "null", "undefined", "[]", "{}",
            "", " ", "\t", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "0-0-0-0-0", "{0190a0a0-0000-7000-8000-000000000000}", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "2026-02-30T10:00:00Z", "2026-12-01T10:00:00+25:00",
            "2026-12-01T10:00:00[Europe/Nowhere]", "9999-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z", "2026-12-01", "10:00", "2026-12-01T10:00:00", "Fri, 27 Oct 2023 00:00:00 GMT",
            "P1D", "Europe/Nowhere", "+99:00", "GMT+25", "SYSTEM", "attendee", "organizer", "admin", "ADMIN",
            "root-admin", "me", "../../etc/passwd", "%00", "%s%n%x", "' OR '1'='1", "'; DROP TABLE users; --",
            "<script>alert(1)</script>", "${jndi:ldap://x/a}", "#{1+1}", "\\", "\"", "a\u0000b", "\u0000",
            "\ud800", "\udc00", "x\ud83dy", "\u202eevil\u202c", "\u200b", "\ufeff", "\u2028\u2029", "\ud83c\udf89",
            "e\u0301", "\u0130", "\u00df", "\ufffd", "\uffff", "\r\n", "a\rb", "\u001b[31m");

    /** Characters that have tripped text handling somewhere: NUL, surrogates, bidi overrides, zero widths, emoji. */
    private static final char[] EDGE_CHARS = {'\u0000', '\ud800', '\udc00', '\u202e', '\u200b', '\u200f', '\ufeff',
            '\u2028', '\u0085', '\u00a0', '\u0007', '\u001f', '\u007f', '\uffff', '\ufffe', '\\', '"', '\'', '<',
            '%', '\n', 'a', '\u05d0', '\u0627'};

    private Hostile() {
    }

    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.of(LOOKALIKES),
                Arbitraries.strings().withChars(EDGE_CHARS).ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(30), // every UTF-16 unit, lone surrogates included
                longStrings());
    }

    /** 10,000 characters (and a few just past common limits). */
    static Arbitrary<String> longStrings() {
        return Arbitraries.of(10_000, 4_097, 65_536).flatMap(length -> Arbitraries.oneOf(
                Arbitraries.just("a".repeat(length)),
                Arbitraries.just("\ud83c\udf89".repeat(length / 2)), // emoji: two UTF-16 units, four bytes each
                Arbitraries.just("\u202e".repeat(length)),
                Arbitraries.just("\u0000".repeat(length)),
                Arbitraries.just(" ".repeat(length)),
                Arbitraries.strings().withChars(EDGE_CHARS).ofLength(length)));
    }

    /** Any JSON value a field should not hold: wrong types, nulls, huge numbers, hostile text, odd containers. */
    static Arbitrary<JsonNode> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, strings().map(NODES::stringNode)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(NUMBER_LITERALS).map(Hostile::raw)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(scalars())),
                net.jqwik.api.Tuple.of(1, containers()));
    }

    static JsonNode raw(String literal) {
        return NODES.rawValueNode(new RawValue(literal));
    }

    private static List<JsonNode> scalars() {
        return List.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false), NODES.numberNode(0),
                NODES.numberNode(-1), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(Integer.MAX_VALUE),
                NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(-Double.MAX_VALUE), NODES.stringNode(""),
                NODES.arrayNode(), NODES.objectNode());
    }

    private static Arbitrary<JsonNode> containers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(2, 60).map(Hostile::nestedArrays),
                Arbitraries.integers().between(2, 60).map(Hostile::nestedObjects),
                Arbitraries.just(wideArray(10_000)),
                Arbitraries.just(wideObject(2_000)),
                Arbitraries.just((JsonNode) NODES.arrayNode().add(NODES.nullNode())),
                Arbitraries.just((JsonNode) NODES.objectNode().put("", "")));
    }

    static JsonNode nestedArrays(int depth) {
        JsonNode node = NODES.numberNode(1);
        for (int i = 0; i < depth; i++) {
            node = NODES.arrayNode().add(node);
        }
        return node;
    }

    static JsonNode nestedObjects(int depth) {
        JsonNode node = NODES.stringNode("x");
        for (int i = 0; i < depth; i++) {
            ObjectNode parent = NODES.objectNode();
            parent.set("a", node);
            node = parent;
        }
        return node;
    }

    private static JsonNode wideArray(int size) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < size; i++) {
            array.add(i);
        }
        return array;
    }

    private static JsonNode wideObject(int size) {
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < size; i++) {
            object.put("k" + i, i);
        }
        return object;
    }

    /**
     * Values for a path segment or query value, already percent-encoded where a raw form is the point: encoded
     * invalid UTF-8 (a lone surrogate's bytes, 0xFF, an overlong slash), encoded NUL and slash, dot segments, matrix
     * parameters.
     */
    static Arbitrary<String> urlValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("%ED%A0%80", "%FF", "%C0%AF", "%C3", "%00", "%2F", "%2e%2e", "..", ".", "%5C", "%20",
                        "%E2%80%AE", "%F0%9F%8E%89", "%EF%BB%BF", "a;b=c", ";jsessionid=1", "x.json", "x.ics", "x.png",
                        "%25", "%2525", "+", "%0D%0A", "~", "*", "%7B%7D", "me", "-1", "0", "1e3",
                        "99999999999999999999999", "2147483647", "2147483648", "-2147483648", "46341", "1000001",
                        "9223372036854775807", "1e308", "-1e308", "NaN", "Infinity", "-0", "1e-400", "0.0000001",
                        "90.0000001,180", "1e308,1e308", "NaN,NaN", ",", "1,", "%2C%2C%2C", "-", "--title",
                        "title,-", ":", "title:", ":x", "price:abc", "start_time:x", "capacity:-1"),
                strings().map(Hostile::encode));
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Printable ASCII only: the HTTP client refuses control characters in header values (and so does the RFC). */
    static Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "null", "-1", "0", "*", "bytes=0-", "bytes=-1", "bytes=5-1",
                        "bytes=999999999999999999999-", "bytes=0-0,1-1,2-2", "items=0-1", "bytes=", "\"quoted\"",
                        "a, b, c", "9223372036854775808", "%00", "../.."),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
                Arbitraries.of(8_000, 10_000).map("k"::repeat));
    }
}
