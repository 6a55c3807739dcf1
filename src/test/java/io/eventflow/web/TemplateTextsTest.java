package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No page text is written into a template: every text node with a letter in it sits in an element whose content
 * Thymeleaf replaces ({@code th:text}, {@code th:utext}, {@code th:errors}), so it comes from messages/web*.properties
 * or from data. Attributes people read ({@code placeholder}, {@code aria-label}, {@code alt}, {@code title}) must be
 * {@code th:} ones. A simple scanner, not an HTML parser: the templates are well-formed, and comments, scripts and
 * {@code <code>} are skipped.
 */
class TemplateTextsTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");

    /**
     * Texts that are the same in every language: the product's name, each language's own name in the switcher
     * (written in that language, with its lang attribute), a file format and a standard's name.
     */
    private static final Set<String> SAME_IN_EVERY_LANGUAGE = Set.of("EventFlow", "English", "עברית", "CSV",
            "Standard Webhooks");

    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr");
    private static final Pattern TOKEN = Pattern.compile(
            "<!--.*?-->|<(script|style|code)\\b.*?</\\1>|<(?:[^>\"']|\"[^\"]*\"|'[^']*')+>|[^<]+", Pattern.DOTALL);
    /** Thymeleaf's inlined expressions, [[${...}]] and [(${...})]: data, not text. */
    private static final Pattern INLINED = Pattern.compile("\\[\\[.*?]]|\\[\\(.*?\\)]", Pattern.DOTALL);
    private static final Pattern TAG_NAME = Pattern.compile("</?([a-zA-Z:]+)");
    private static final Pattern READ_ATTRIBUTE = Pattern.compile("\\s(placeholder|aria-label|alt|title)=\"([^\"]*)\"");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    @Test
    void everyTextOfEveryTemplateComesFromTheMessageBundles() throws IOException {
        List<String> literal = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                scan(TEMPLATES.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8), literal);
            }
        }
        assertThat(literal).as("texts written into templates instead of #{...} keys").isEmpty();
    }

    private static void scan(String template, String html, List<String> literal) {
        Deque<Boolean> replaced = new ArrayDeque<>(); // per open element: is its content replaced by Thymeleaf?
        Matcher token = TOKEN.matcher(html);
        while (token.find()) {
            String t = token.group();
            if (t.startsWith("<!") || token.group(1) != null || t.startsWith("<?")) {
                continue;
            }
            if (t.startsWith("</")) {
                if (!replaced.isEmpty()) {
                    replaced.pop();
                }
            } else if (t.startsWith("<")) {
                Matcher name = TAG_NAME.matcher(t);
                String tag = name.find() ? name.group(1).toLowerCase() : "";
                Matcher attribute = READ_ATTRIBUTE.matcher(t);
                while (attribute.find()) {
                    if (LETTER.matcher(attribute.group(2)).find() && !attribute.group(2).startsWith("http")) {
                        literal.add(template + ": " + attribute.group(1) + "=\"" + attribute.group(2) + "\"");
                    }
                }
                if (!VOID.contains(tag) && !t.endsWith("/>")) {
                    boolean inherited = !replaced.isEmpty() && replaced.peek();
                    replaced.push(inherited || t.contains("th:text=") || t.contains("th:utext=")
                            || t.contains("th:errors=") || t.contains("th:replace=") || t.contains("th:insert="));
                }
            } else {
                String text = INLINED.matcher(t).replaceAll(" ").strip();
                String words = text;
                for (String same : SAME_IN_EVERY_LANGUAGE) {
                    words = words.replace(same, " ");
                }
                boolean inReplaced = !replaced.isEmpty() && replaced.peek();
                if (!inReplaced && LETTER.matcher(words).find()) {
                    literal.add(template + ": " + text);
                }
            }
        }
    }
}
