package org.releasegovernance.notifier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
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
 * A notifier-service started as its own application, apart from the tests' cached context: its own schema, topic
 * and consumer group on the shared test PostgreSQL and Kafka, so it can be stopped and started again like a process.
 */
public final class StandaloneNotifier implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private StandaloneNotifier(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a notifier on {@code name} (schema, topic and group); extra properties as {@code key=value}. */
    public static StandaloneNotifier start(String name, String... extraProperties) {
        return startOn(TestInfrastructure.postgres().jdbcUrl(), name, extraProperties);
    }

    /** Starts a notifier on {@code name} against a PostgreSQL of the test's own, e.g. one it stops and starts. */
    public static StandaloneNotifier startOn(String jdbcUrl, String name, String... extraProperties) {
        createTopic(name);
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=" + jdbcUrl,
                "spring.datasource.username=" + PostgresServer.USER,
                "spring.datasource.password=postgres",
                "spring.datasource.hikari.schema=" + name,
                "spring.flyway.schemas=" + name,
                "spring.flyway.default-schema=" + name,
                "spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
                "spring.kafka.consumer.group-id=" + name,
                "governance.events.topic=" + name,
                "governance.security.demo-tokens=true",
                "notifier.secrets.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "notifier.outbound.allow-loopback=true",
                "logging.level.org.releasegovernance.notifier=WARN",
                "logging.level.kafka=WARN",
                "logging.level.org.apache.kafka=WARN",
                "logging.level.state.change.logger=WARN"));
        properties.addAll(List.of(extraProperties));
        return new StandaloneNotifier(new SpringApplicationBuilder(NotifierApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    public String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Subscribes a webhook URL to every StageReleased; returns the response body. */
    public String subscribe(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create(baseUrl() + "/api/subscriptions"))
                            .header("Authorization", "Bearer demo-subscriber-admin")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"channel":"WEBHOOK","url":"%s","eventTypes":["StageReleased"]}"""
                                    .formatted(url)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("subscription refused: " + response.body());
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
            admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
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
