package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.eventflow.support.Browsers;

/** Seed 000's README: open http://localhost:8000 and watch the socket events — in a real browser, at phone width. */
class LiveFeedPageIT extends CompatTestBase {

    @Test
    void showsEveryFrameOfTheEventFeedAsItArrives() throws Exception {
        WebDriver browser = Browsers.headless(390, 844);
        try {
            browser.get("http://127.0.0.1:" + connector.localPort() + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
            wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));

            String title = "Seen live " + UUID.randomUUID().toString().substring(0, 8);
            compat.post("/create").json(Map.of("events", List.of(Map.of("title", title, "description", "d",
                    "start_time", inDays(5, 10), "end_time", inDays(5, 11), "location", "Rishon")))).send().expect(200);

            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("frames"), title));
            assertThat(browser.findElement(By.cssSelector("#frames li b")).getText()).isEqualTo("event_created");
            // nothing wider than the phone's screen
            Number overflow = (Number) ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
            Path shot = Path.of("target", "screenshots", "compat-live-feed-phone.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }
}
