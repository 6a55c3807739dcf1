package io.eventflow.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * E-mail jobs go through RabbitMQ when {@code spring.rabbitmq.host} is set: a durable queue that every node
 * consumes, and a dead-letter queue that receives a copy of each mail given up on, for operators. Retry timing
 * lives in the database (the due time of each notification), so the queue needs no delay plugin and a job lost
 * with the broker is handed out again when its lease runs out. Without RabbitMQ the node that claims a mail sends it.
 */
@Configuration(proxyBeanMethods = false)
class EmailTransportConfiguration {

    static final String RABBIT_CONFIGURED = "'${spring.rabbitmq.host:}' != ''";

    @Bean
    @ConditionalOnExpression("'${spring.rabbitmq.host:}' == ''")
    EmailTransport directEmailTransport(EmailDelivery delivery) {
        return new DirectEmailTransport(delivery);
    }

    /**
     * @param prefix      of the queue names, so deployments (or test runs) can share a broker
     * @param queueExpiry delete the queues after this long without consumers (unset: never; for test runs)
     * @param consumers   concurrent consumers per node (default 16)
     */
    @ConfigurationProperties("eventflow.rabbitmq")
    @org.springframework.validation.annotation.Validated
    record RabbitProperties(String prefix,
            @org.hibernate.validator.constraints.time.DurationMin(seconds = 1, message = "must be at least 1 second (or left unset: never)")
            Duration queueExpiry,
            @jakarta.validation.constraints.Min(value = 1, message = "must be at least 1") Integer consumers) {
        RabbitProperties {
            prefix = prefix != null && !prefix.isBlank() ? prefix : "eventflow.";
            consumers = consumers != null ? consumers : 16; // mostly waiting on SMTP: cheap, and 4 fell behind (bench/notifications)
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression(RABBIT_CONFIGURED)
    static class Rabbit {

        private static final Logger log = LoggerFactory.getLogger(EmailTransport.class);

        @Bean
        Queue emailJobQueue(RabbitProperties properties) {
            return queue(properties, properties.prefix() + "notifications.email");
        }

        @Bean
        Queue emailDeadLetterQueue(RabbitProperties properties) {
            return queue(properties, properties.prefix() + "notifications.email.dead");
        }

        private static Queue queue(RabbitProperties properties, String name) {
            QueueBuilder queue = QueueBuilder.durable(name);
            if (properties.queueExpiry() != null) {
                queue.expires((int) properties.queueExpiry().toMillis());
            }
            return queue.build();
        }

        /**
         * Queues the job; if the broker cannot be reached, the node that claimed the mail sends it itself rather than
         * leaving it to wait for a broker that may be gone for long (the attempt count still makes it once only).
         */
        @Bean
        EmailTransport rabbitEmailTransport(RabbitTemplate rabbit, Queue emailJobQueue, EmailDelivery delivery) {
            return claimed -> {
                try {
                    rabbit.send("", emailJobQueue.getName(), job(claimed.id(), claimed.attempts()));
                } catch (RuntimeException e) {
                    log.warn("Could not queue e-mail notification {}, sending it from this node: {}", claimed.id(), e.toString());
                    delivery.attempt(claimed.id(), claimed.attempts());
                }
            };
        }

        @Bean
        SimpleMessageListenerContainer emailJobConsumers(ConnectionFactory connections, Queue emailJobQueue,
                Queue emailDeadLetterQueue, EmailDelivery delivery, RabbitTemplate rabbit, RabbitProperties properties) {
            SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
            container.setQueues(emailJobQueue);
            container.setConcurrentConsumers(properties.consumers());
            container.setPrefetchCount(10);
            container.setAcknowledgeMode(AcknowledgeMode.AUTO);
            // a job that throws (the database away for a moment) is dropped, not spun on: its lease brings it back
            container.setDefaultRequeueRejected(false);
            container.setMessageListener(message -> {
                String[] job = new String(message.getBody(), StandardCharsets.US_ASCII).split(":");
                UUID id = UUID.fromString(job[0]);
                if (delivery.attempt(id, Integer.parseInt(job[1])) == EmailDelivery.Outcome.FAILED) {
                    rabbit.send("", emailDeadLetterQueue.getName(), message);
                }
            });
            return container;
        }

        @Bean("rabbitHealthIndicator")
        HealthIndicator rabbitHealthIndicator(RabbitTemplate rabbit) {
            return () -> {
                try {
                    Object version = rabbit.execute(channel -> channel.getConnection().getServerProperties().get("version"));
                    return Health.up().withDetail("version", String.valueOf(version)).build();
                } catch (RuntimeException e) {
                    return Health.down(e).build();
                }
            };
        }

        private static Message job(UUID id, int attempts) {
            MessageProperties properties = new MessageProperties();
            properties.setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
            properties.setDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
            return new Message((id + ":" + attempts).getBytes(StandardCharsets.US_ASCII), properties);
        }
    }
}
