package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;

/** Stylesheets and scripts as a browser meets them: linked under names that change with their content, kept a year. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StaticFilesIT {

    private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/(?:css|js|webjars)/[^\"]+)\"");

    @LocalServerPort
    int port;

    @Test
    void pagesLinkEveryFileUnderAVersionedNameThatABrowserMayKeepForAYear() {
        Api api = new Api(port);
        String home = api.get("/").header("Accept", "text/html").send().expect(200).text();

        List<String> assets = ASSET.matcher(home).results().map(match -> match.group(1)).toList();
        assertThat(assets).contains("/webjars/htmx.org/2.0.10/dist/htmx.min.js")
                .anyMatch(path -> path.matches("/css/eventflow-[0-9a-f]{32}\\.css"))
                .anyMatch(path -> path.matches("/js/theme-[0-9a-f]{32}\\.js"));
        for (String asset : assets) {
            Response file = api.get(asset).send().expect(200);
            assertThat(file.header("Cache-Control")).as(asset).isEqualTo("max-age=31536000, public, immutable");
            assertThat(file.header("Pragma")).as(asset).isNull();
            assertThat(file.header("Set-Cookie")).as(asset).isNull();
        }
    }

    @Test
    void aStylesheetsNameChangesWithItsContent() {
        Api api = new Api(port);
        String home = api.get("/").header("Accept", "text/html").send().expect(200).text();
        Matcher css = Pattern.compile("/css/eventflow-([0-9a-f]{32})\\.css").matcher(home);
        assertThat(css.find()).isTrue();

        String content = api.get("/css/eventflow.css").send().expect(200).text();
        assertThat(api.get(css.group()).send().expect(200).text()).isEqualTo(content);
        assertThat(api.get("/css/eventflow-" + "0".repeat(32) + ".css").send().status()).isEqualTo(404);
    }

    @Test
    void pageLinksAreNotTakenForFilesAndUnknownPathsAreA404() {
        Api api = new Api(port);
        String home = api.get("/").header("Accept", "text/html").send().expect(200).text();
        assertThat(home).contains("href=\"/events\"");

        Response page = api.get("/no-such-page").header("Accept", "text/html").send();
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        Response problem = api.get("/no-such-page").send();
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(api.get("/css/no-such-file.css").send().status()).isEqualTo(404);
        assertThat(api.get("/static/css/eventflow.css").send().status()).isEqualTo(404);
    }
}
