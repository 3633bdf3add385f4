package org.releasegovernance.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./run-local.sh}: starts the whole system and the web console in the foreground with embedded servers and demo
 * tokens, prints where everything is (the console first: that is where a person starts), and stops it all on Ctrl-C.
 * Data is kept in {@code RG_DATA_DIR} (default {@code .local}) between runs.
 */
public final class LocalRun {

    private static final Logger log = LoggerFactory.getLogger(LocalRun.class);

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        Instant started = Instant.now();
        Map<String, String> env = System.getenv();
        LocalSettings settings;
        int inboxPort;
        try {
            settings = LocalSettings.fromEnvironment(env);
            inboxPort = LocalSettings.port(env, INBOX_PORT_VARIABLE, 9999);
        } catch (IllegalArgumentException e) {
            exit(e.getMessage());
            return;
        }
        List<BusyPort> busy = busyPorts(settings, inboxPort);
        if (!busy.isEmpty()) {
            StringBuilder message = new StringBuilder();
            busy.forEach(port -> message.append(port.describe()).append('\n'));
            BusyPort first = busy.get(0);
            exit(message + "Stop what uses it, or move it, for example: %s=%d ./run-local.sh".formatted(
                    first.variable(), first.port() < 55536 ? first.port() + 10000 : first.port() - 10000));
        }
        WebhookInbox inbox = WebhookInbox.start(inboxPort, settings.dataDir().resolve("webhooks"));
        LocalSystem system;
        try {
            system = LocalSystem.start(settings);
        } catch (RuntimeException e) {
            inbox.close();
            exit(e.getMessage() + "\nThe services' logs are in " + settings.dataDir().resolve("logs"));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping the console, the services, Kafka and PostgreSQL");
            system.close();
            inbox.close();
        }, "local-run-shutdown"));
        System.out.println(banner(system, inbox, Duration.between(started, Instant.now())));
        LocalSystem.Exit exited = system.awaitAnyExit();
        if (exited == null) {
            return;
        }
        log.error("{} stopped unexpectedly; see {}", exited.module(), exited.logFile());
        System.exit(1);
    }

    private static final String INBOX_PORT_VARIABLE = "WEBHOOK_INBOX_PORT";

    /**
     * Every port the run needs that something else already holds, each with the variable that moves it: found before
     * anything starts, because a service that cannot bind ends with a stack trace in its own log.
     */
    private static List<BusyPort> busyPorts(LocalSettings settings, int inboxPort) {
        List<BusyPort> busy = new ArrayList<>();
        check(busy, LocalSettings.LOOPBACK, settings.postgresPort(), "PostgreSQL", "POSTGRES_PORT");
        check(busy, LocalSettings.LOOPBACK, settings.kafkaPort(), "Kafka", "KAFKA_PORT");
        check(busy, settings.bindAddress(), settings.port(Service.GOVERNANCE), "governance-service", "GOVERNANCE_PORT");
        check(busy, settings.bindAddress(), settings.port(Service.AUDIT), "audit-service", "AUDIT_PORT");
        check(busy, settings.bindAddress(), settings.port(Service.NOTIFIER), "notifier-service", "NOTIFIER_PORT");
        settings.consolePort().ifPresent(port -> check(busy, settings.bindAddress(), port, "the console",
                "CONSOLE_PORT"));
        check(busy, LocalSettings.LOOPBACK, inboxPort, "the webhook inbox", INBOX_PORT_VARIABLE);
        return busy;
    }

    private static void check(List<BusyPort> busy, String address, int port, String what, String variable) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (IOException e) {
            busy.add(new BusyPort(port, address, what, variable));
        }
    }

    private record BusyPort(int port, String address, String what, String variable) {
        String describe() {
            return "Port %d (%s) is already in use on %s; %s moves it.".formatted(port, what, address, variable);
        }
    }

    private static void exit(String message) {
        System.err.println("\nThe local run cannot start:\n" + message);
        System.exit(2);
    }

    private static String banner(LocalSystem system, WebhookInbox inbox, Duration startup) {
        LocalSettings s = system.settings();
        return """

                Open the console: %s — sign in with a demo token (below)

                Release governance is running (started in %.1f s). Ctrl-C stops everything.

                  governance-service  %s   (API: /api/releases, OpenAPI: /v3/api-docs)
                  audit-service       %s   (API: /api/audit/...)
                  notifier-service    %s   (API: /api/subscriptions, /api/deliveries; feed: /feed.atom)
                  PostgreSQL          %s   (user postgres)
                  Kafka               %s   (topics release-governance.events, release-governance.audit)
                  webhook inbox       %s   (a receiver to subscribe; requests kept in %s)
                  data and logs       %s

                Demo tokens (local run only; the console's sign-in, or "Authorization: Bearer <token>" to the APIs):
                  demo-chair (CHAIR)   demo-member-1, demo-member-2, demo-member-3 (MEMBER)   demo-expert (EXPERT)
                  demo-auditor (AUDITOR)   demo-subscriber-admin (SUBSCRIBER_ADMIN)
                """.formatted(consoleAddress(s), startup.toMillis() / 1000.0, s.url(Service.GOVERNANCE),
                s.url(Service.AUDIT), s.url(Service.NOTIFIER), system.jdbcUrl(), system.kafkaBootstrapServers(),
                inbox.url(), s.dataDir().resolve("webhooks"), s.dataDir());
    }

    /** The console's address for a person's browser: on loopback, the familiar http://localhost:8080. */
    private static String consoleAddress(LocalSettings settings) {
        return settings.consoleUrl().replace("://127.0.0.1:", "://localhost:");
    }
}
