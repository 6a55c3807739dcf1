package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every language says everything: a translation has each key of the English bundle and no key it lacks (a stray key
 * is a typo or a text that was removed in English), and no text is left empty.
 */
class MessageBundlesTest {

    @ParameterizedTest(name = "{1} has exactly the keys of {0}")
    @CsvSource({
            "messages/web.properties, messages/web_he.properties",
            "messages/notifications.properties, messages/notifications_he.properties" })
    void aTranslationHasEveryKeyOfTheEnglishBundleAndNoStrayOnes(String english, String translation) throws IOException {
        Properties base = load(english);
        Properties translated = load(translation);

        Set<String> missing = new TreeSet<>(base.stringPropertyNames());
        missing.removeAll(translated.stringPropertyNames());
        Set<String> stray = new TreeSet<>(translated.stringPropertyNames());
        stray.removeAll(base.stringPropertyNames());

        assertThat(missing).as("keys of %s missing from %s", english, translation).isEmpty();
        assertThat(stray).as("keys of %s that %s does not have", translation, english).isEmpty();
        assertThat(translated.stringPropertyNames()).allSatisfy(key ->
                assertThat(translated.getProperty(key)).as(key).isNotBlank());
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
