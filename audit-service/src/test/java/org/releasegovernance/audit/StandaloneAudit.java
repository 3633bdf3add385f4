package org.releasegovernance.audit;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.infra.PostgresServer;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * An audit-service started as its own application, apart from the tests' cached context: instances started on the
 * same {@code name} share a schema, an audit topic (one partition) and a consumer group on the test PostgreSQL and
 * Kafka, as several instances of one deployment do, and can be stopped one by one.
 */
public final class StandaloneAudit implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private StandaloneAudit(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance on {@code name} signing with {@code signerKey}; extra properties as {@code key=value}. */
    public static StandaloneAudit start(String name, String signerKey, String... extraProperties) {
        createTopic(name);
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=" + TestInfrastructure.postgres().jdbcUrl(),
                "spring.datasource.username=" + PostgresServer.USER,
                "spring.datasource.password=postgres",
                "spring.datasource.hikari.schema=" + name,
                "spring.flyway.schemas=" + name,
                "spring.flyway.default-schema=" + name,
                "spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
                "spring.kafka.consumer.group-id=" + name,
                "governance.events.audit-topic=" + name,
                "governance.security.demo-tokens=true",
                "audit.signing.private-key=" + signerKey,
                "logging.level.kafka=WARN",
                "logging.level.org.apache.kafka=WARN",
                "logging.level.state.change.logger=WARN",
                "logging.level.org.releasegovernance.audit.messaging.LiveFeed=WARN",
                "logging.level.org.releasegovernance.audit.checkpoint.Checkpoints=WARN"));
        properties.addAll(List.of(extraProperties));
        return new StandaloneAudit(new SpringApplicationBuilder(AuditApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    /** Publishes events to the instances' topic as governance-service does, keyed by release, in order. */
    public static void publish(String name, List<EventEnvelope> envelopes) {
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new CloudEventSerializer())) {
            for (EventEnvelope envelope : envelopes) {
                producer.send(new ProducerRecord<>(name, envelope.event().releaseId(),
                        GovernanceCloudEvents.toCloudEvent(envelope)));
            }
            producer.flush();
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** GET with the demo auditor's token; the body, or an exception if the answer is not 200. */
    public String get(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort()
                                    + path))
                    .header("Authorization", "Bearer demo-auditor").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops it the way a process stops on SIGTERM: Spring's graceful shutdown. */
    @Override
    public void close() {
        context.close();
    }

    private static void createTopic(String name) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
