package io.eventflow.platform.web;

import java.util.Locale;

/** Java property names as the API spells them (snake_case), for error messages that name fields. */
public final class JsonNames {

    private JsonNames() {
    }

    public static String snakeCase(String javaName) {
        return javaName == null ? "" : javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
