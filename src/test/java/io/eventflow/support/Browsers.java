package io.eventflow.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver; EVENTFLOW_TEST_CHROMIUM and
 * EVENTFLOW_TEST_CHROMEDRIVER point elsewhere), with a profile of its own. Quit it when done.
 */
public final class Browsers {

    private Browsers() {
    }

    public static WebDriver headless(int width, int height) {
        return headless(width, height, "en-US");
    }

    /** @param acceptLanguage the browser's language, as it asks for pages in {@code Accept-Language} ("he-IL") */
    public static WebDriver headless(int width, int height, String acceptLanguage) {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--lang=" + acceptLanguage, "--accept-lang=" + acceptLanguage);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", acceptLanguage));
        options.setBinary(System.getenv().getOrDefault("EVENTFLOW_TEST_CHROMIUM", "/usr/bin/chromium"));
        Path profile;
        try {
            profile = Files.createTempDirectory("eventflow-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("EVENTFLOW_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .build();
        return new ChromeDriver(service, options);
    }
}
