package io.eventflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestInfrastructure;
import jakarta.mail.internet.MimeMessage;

/**
 * E-mail jobs through a real RabbitMQ, on nodes with a database of their own (so no other test's node takes their
 * jobs): consumers that stop for a while, and a node that cannot reach the broker at all (it sends the mails it
 * claims itself), lose nothing and send nothing twice.
 */
class EmailQueueIT {

    private static final Nodes nodes = new Nodes();
    private static Api connected;
    private static Api cutOff;

    @BeforeAll
    static void startTwoNodes() {
        connected = nodes.start(Map.of("spring.datasource.url", TestInfrastructure.createDatabase("queue"),
                "eventflow.rabbitmq.prefix", "eventflow-test.queue-" + UUID.randomUUID() + "."));
        // this node's broker address leads nowhere: no job it hands out can be queued
        cutOff = nodes.start(Map.of("spring.datasource.url", TestInfrastructure.createDatabase("cutoff"),
                "eventflow.rabbitmq.prefix", "eventflow-test.cutoff-" + UUID.randomUUID() + ".",
                "spring.rabbitmq.port", "1", "spring.rabbitmq.connection-timeout", "200ms"));
    }

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    private static long confirmationsTo(String address) {
        return Arrays.stream(TestInfrastructure.mail().getReceivedMessages()).filter(m -> to(m, address))
                .filter(m -> subject(m).startsWith("Seat confirmed")).count();
    }

    private static boolean to(MimeMessage mail, String address) {
        try {
            return Arrays.stream(mail.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static List<Session> bookThrough(Api node, int users) {
        Session organizer = node.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Queued mails");
        String eventId = node.createEvent(organizer, event);
        List<Session> attendees = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Session attendee = node.register("attendee");
            node.book(attendee, eventId);
            attendees.add(attendee);
        }
        return attendees;
    }

    @Test
    void jobsQueuedWhileNoConsumerRunsAreDeliveredOnceEachWhenConsumersReturn() throws Exception {
        SimpleMessageListenerContainer consumers = nodes.context(connected).getBean("emailJobConsumers",
                SimpleMessageListenerContainer.class);
        consumers.stop();
        List<Session> attendees;
        try {
            attendees = bookThrough(connected, 5);
            List<Session> booked = attendees;
            // for 4 s, past the 3 s lease (the jobs are handed out again, duplicates wait in the queue too): no mail
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> booked.stream().allMatch(a -> confirmationsTo(a.email()) == 0));
        } finally {
            consumers.start();
        }
        for (Session attendee : attendees) {
            await().atMost(Duration.ofSeconds(20)).until(() -> confirmationsTo(attendee.email()) == 1);
        }
        List<Session> all = attendees;
        await("no second mail").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> all.stream().allMatch(a -> confirmationsTo(a.email()) == 1));
    }

    @Test
    void bookingsOnANodeThatCannotReachTheBrokerStillGetTheirMailsOnce() throws Exception {
        List<Session> attendees = bookThrough(cutOff, 4);
        for (Session attendee : attendees) {
            await().atMost(Duration.ofSeconds(30)).until(() -> confirmationsTo(attendee.email()) == 1);
        }
        List<Session> all = attendees;
        await("no second mail").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> all.stream().allMatch(a -> confirmationsTo(a.email()) == 1));
    }
}
