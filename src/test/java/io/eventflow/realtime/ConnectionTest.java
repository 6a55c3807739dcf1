package io.eventflow.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/** A connection in isolation, its session a stub: what a reader too slow to keep up costs the others. */
class ConnectionTest {

    @Test
    void droppingAClientThatReadsTooSlowlyDoesNotHoldUpTheThreadThatDelivers() throws Exception {
        CountDownLatch clientNeverReads = new CountDownLatch(1);
        CountDownLatch closeFrameStuck = new CountDownLatch(1);
        CompletableFuture<CloseStatus> closedWith = new CompletableFuture<>();
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.isOpen()).thenReturn(true);
        doAnswer(call -> {
            clientNeverReads.await();
            return null;
        }).when(session).sendMessage(any());
        doAnswer(call -> {
            closedWith.complete(call.getArgument(0));
            closeFrameStuck.await(); // as Tomcat waits for the close frame to go out to a client that does not read
            return null;
        }).when(session).close(any(CloseStatus.class));
        ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        Connection connection = new Connection(session, null, writers, 2, 1024, 0, null);
        try {
            // the delivering thread: one frame being written (never finishes), two waiting, then one too many — the
            // connection is dropped, and the thread goes on at once (it hung in the close before)
            CompletableFuture.runAsync(() -> {
                for (String type : new String[] {"one", "two", "three", "four"}) {
                    connection.send(new EncodedText("{\"type\":\"" + type + "\"}"));
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(closedWith.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(1008);
        } finally {
            closeFrameStuck.countDown();
            clientNeverReads.countDown();
            writers.shutdownNow();
        }
    }
}
