package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Browsers;
import io.eventflow.support.WsClient;
import tools.jackson.databind.JsonNode;

/**
 * What a page does when its node goes away: Chromium reaches the node through a TCP proxy of this test that can drop
 * every connection at once and refuse new ones (what a node killed with {@code kill -9} looks like from a browser:
 * close code 1006, then nothing answers), while the test changes things through the node directly. The page must say
 * it is reconnecting, then that it is live again, and show what changed meanwhile without a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReconnectionBrowserIT {

    private static final String PASSWORD = "browser-pass-1";

    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort
    int port;
    Api api;
    CuttableProxy proxy;

    @BeforeAll
    static void startBrowser() {
        browser = Browsers.headless(1280, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void startProxy() throws IOException {
        api = new Api(port);
        proxy = new CuttableProxy(port);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** Through the proxy: what the browser sees of the node. */
    private void open(String path) {
        browser.get("http://127.0.0.1:" + proxy.port() + path);
    }

    private WebElement field(String id) {
        return browser.findElement(By.id(id));
    }

    private void type(String id, String text) {
        WebElement element = field(id);
        element.clear();
        element.sendKeys(text);
    }

    private String signUp(String role) {
        String name = "rc" + UUID.randomUUID().toString().substring(0, 8);
        browser.manage().deleteAllCookies();
        open("/register");
        type("username", name);
        type("email", name + "@example.com");
        type("password", PASSWORD);
        type("confirmPassword", PASSWORD);
        browser.findElement(By.cssSelector("input[name=role][value=" + role + "]")).click();
        field("sign-up").click();
        wait.until(ExpectedConditions.urlContains("welcome"));
        return name;
    }

    /** Up to the ceiling of the back-off before the last retry that failed (16 s), and the retry itself. */
    private static WebDriverWait untilReconnected() {
        return new WebDriverWait(browser, Duration.ofSeconds(40));
    }

    private JsonNode notifications(Api.Session user) {
        return api.get("/api/v1/notifications").bearer(user).send().expect(200).body().get("items");
    }

    private void awaitNotification(Api.Session user, String type) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).alias("a " + type + " notification")
                .until(() -> notifications(user).valueStream().anyMatch(n -> n.get("type").asString().equals(type)));
    }

    @Test
    void theEventPageAndTheBellSayTheyAreReconnectingAndCatchUpWhenTheNodeAnswersAgain() throws Exception {
        Api.Session organizer = api.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Through a flaky network");
        event.put("capacity", 5);
        String eventId = api.createEvent(organizer, event);
        Api.Session me = api.login(signUp("attendee"), PASSWORD);
        awaitNotification(me, "welcome"); // made just after the sign-up: before the page, not counted by its bell

        open("/events/" + eventId);
        wait.until(ExpectedConditions.textToBe(By.id("seats-left"), "5 of 5 seats left"));
        api.book(api.register("attendee"), eventId);
        wait.until(ExpectedConditions.textToBe(By.id("seats-left"), "4 of 5 seats left")); // the socket is open
        WebElement status = field("live-status");
        assertThat(status.getAttribute("role")).isEqualTo("status");
        assertThat(status.getText()).isEmpty();

        proxy.cut();
        wait.until(ExpectedConditions.textToBePresentInElement(status, "reconnecting"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bell-status"), "reconnecting"));
        assertThat(field("bell-status").getAttribute("role")).isEqualTo("status");

        // meanwhile, straight to the node: a seat goes, and a notification is made that no socket carries
        api.book(me, eventId);
        awaitNotification(me, "booking_confirmed");
        assertThat(field("seats-left").getText()).isEqualTo("4 of 5 seats left");
        assertThat(status.getText()).contains("reconnecting");

        proxy.accept();
        untilReconnected().until(ExpectedConditions.textToBePresentInElement(status, "Live again"));
        wait.until(ExpectedConditions.textToBe(By.id("seats-left"), "3 of 5 seats left")); // no reload
        wait.until(ExpectedConditions.textToBe(By.id("bell-count"), "1"));
        browser.findElement(By.cssSelector("#bell summary")).click();
        assertThat(browser.findElements(By.cssSelector("#bell-list li[data-type=booking_confirmed]"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#bell-list li[data-type=welcome]"))).isEmpty();
        // "live again" is said for a moment, then the line is quiet again
        wait.until(ExpectedConditions.textToBe(By.id("live-status"), ""));

        // and the socket is really back: the next change comes live
        api.book(api.register("attendee"), eventId);
        wait.until(ExpectedConditions.textToBe(By.id("seats-left"), "2 of 5 seats left"));
    }

    @Test
    void theChatSaysItIsNotConnectedKeepsTheUnsentTextAndShowsWhatWasSaidMeanwhileOnce() {
        String name = signUp("organizer");
        Api.Session organizer = api.login(name, PASSWORD);
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Chat through a flaky network"));
        Api.Session guest = api.register("attendee");
        api.book(guest, eventId);

        try (WsClient other = WsClient.connect(api, "/ws/chat/" + eventId + "?token=" + guest.accessToken())) {
            other.send("join_chat", Map.of());
            other.next("recent_messages");
            other.send("send_message", Map.of("text", "said before the page opened"));
            other.next("new_message");

            open("/events/" + eventId);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-messages"), "said before the page opened"));
            // the page is in the room now (it listens before it reads the history): these lines come live
            other.send("leave_chat", Map.of());
            other.send("join_chat", Map.of());
            other.next("recent_messages");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-messages"), guest.username() + " left"));
            other.send("send_message", Map.of("text", "said before the cut"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-messages"), "said before the cut"));

            proxy.cut();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-status"), "reconnecting"));
            type("chat-text", "typed while cut off");
            field("chat-send").click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-error"), "not sent"));
            assertThat(field("chat-text").getAttribute("value")).isEqualTo("typed while cut off");

            other.send("send_message", Map.of("text", "said while you were away"));
            other.next("new_message", d -> d.get("text").asString().equals("said while you were away"));

            proxy.accept();
            // the browser says it is online again: the chat reconnects now rather than when its back-off ends
            ((JavascriptExecutor) browser).executeScript("window.dispatchEvent(new Event('online'))");
            new WebDriverWait(browser, Duration.ofSeconds(8))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-status"), "connected again"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-messages"), "said while you were away"));
            assertThat(lines("said while you were away")).isEqualTo(1);
            assertThat(lines("said before the cut")).isEqualTo(1);
            assertThat(lines("said before the page opened")).isEqualTo(1);
            // continued, not started over: what was shown before the cut is still there
            assertThat(lines(guest.username() + " left")).isEqualTo(1);
            assertThat(field("chat-error").getText()).isEmpty();

            field("chat-send").click(); // the text kept in the box goes now
            assertThat(other.next("new_message", d -> d.get("text").asString().equals("typed while cut off"))
                    .get("username").asString()).isEqualTo(name);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-messages"), "typed while cut off"));
            assertThat(lines("typed while cut off")).isEqualTo(1);
        }
    }

    private long lines(String text) {
        return browser.findElements(By.cssSelector("#chat-messages li")).stream()
                .filter(li -> li.getText().endsWith(text)).count();
    }

    /**
     * Forwards TCP connections to the node's port. {@link #cut} resets every open connection and makes new ones fail
     * (accepted and reset at once) until {@link #accept}.
     */
    static final class CuttableProxy implements AutoCloseable {

        private final ServerSocket server;
        private final int target;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private volatile boolean refusing;

        CuttableProxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("proxy-accept").start(this::acceptAll);
        }

        int port() {
            return server.getLocalPort();
        }

        void cut() {
            refusing = true;
            sockets.forEach(CuttableProxy::reset);
        }

        void accept() {
            refusing = false;
        }

        private void acceptAll() {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException closed) {
                    return;
                }
                if (refusing) {
                    reset(client);
                    continue;
                }
                try {
                    Socket node = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(node);
                    pump(client, node);
                    pump(node, client);
                } catch (IOException e) {
                    reset(client);
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                    close(from); // a clean end: what was written still arrives
                    close(to);
                } catch (IOException gone) {
                    reset(from); // cut, or reset by one side
                    reset(to);
                } finally {
                    sockets.remove(from);
                    sockets.remove(to);
                }
            });
        }

        /** Closed with a TCP reset, not a clean close: as when the process on the other side is killed. */
        private static void reset(Socket socket) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        private static void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            sockets.forEach(CuttableProxy::reset);
        }
    }
}
