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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ./run-local.sh}: starts the whole system and the web console in the foreground with embedded servers and demo
 * tokens, prints where everything is (the console first: that is where a person starts), and stops it all on Ctrl-C.
 * Data is kept in {@code RG_DATA_DIR} (default {@code .local}) between runs.
 * <p>
 * With {@code RG_INSTANCES=2} (up to {@link Instances#MAX}) each service runs as that many instances on the one
 * PostgreSQL and Kafka, the second on the first one's port plus {@code RG_INSTANCE_PORT_STEP} (10). Then an instance
 * that dies is reported and started again after {@link #RESTART_PAUSE}, while the others serve on: kill one by its
 * printed PID to try a failover. With one instance, a service that stops ends the run, as it always did.
 */
public final class LocalRun {

    private static final Logger log = LoggerFactory.getLogger(LocalRun.class);

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        Instant started = Instant.now();
        Map<String, String> env = System.getenv();
        LocalSettings settings;
        Instances instances;
        int inboxPort;
        int smtpPort;
        try {
            settings = LocalSettings.fromEnvironment(env);
            instances = Instances.fromEnvironment(env);
            inboxPort = LocalSettings.port(env, INBOX_PORT_VARIABLE, 9999);
            smtpPort = LocalSettings.port(env, SMTP_PORT_VARIABLE, 3025);
        } catch (IllegalArgumentException e) {
            exit(e.getMessage());
            return;
        }
        String clash = clashingPorts(settings, instances, inboxPort, smtpPort);
        if (clash != null) {
            exit(clash);
        }
        List<BusyPort> busy = busyPorts(settings, instances, inboxPort, smtpPort);
        if (!busy.isEmpty()) {
            StringBuilder message = new StringBuilder();
            busy.forEach(port -> message.append(port.describe()).append('\n'));
            BusyPort first = busy.get(0);
            exit(message + "Stop what uses it, or move it, for example: %s=%d ./run-local.sh".formatted(
                    first.variable(), first.port() < 55536 ? first.port() + 10000 : first.port() - 10000));
        }
        WebhookInbox inbox = WebhookInbox.start(inboxPort, settings.dataDir().resolve("webhooks"));
        MailInbox mail;
        try {
            mail = MailInbox.start(smtpPort, settings.dataDir().resolve("mail"));
        } catch (RuntimeException e) {
            inbox.close();
            exit("the SMTP server for e-mail subscriptions did not start on port " + smtpPort + " ("
                    + SMTP_PORT_VARIABLE + "): " + e.getMessage());
            return;
        }
        LocalSystem system;
        try {
            system = LocalSystem.start(settings, instances, mail.notifierArguments());
        } catch (RuntimeException e) {
            inbox.close();
            mail.close();
            exit(e.getMessage() + "\nThe services' logs are in " + settings.dataDir().resolve("logs"));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping the console, the services, Kafka and PostgreSQL");
            system.close();
            inbox.close();
            mail.close();
        }, "local-run-shutdown"));
        System.out.println(banner(system, inbox, mail, Duration.between(started, Instant.now())));
        while (true) {
            LocalSystem.Exit exited = system.awaitAnyExit();
            if (exited == null) {
                return;
            }
            if (exited.service() == null || !instances.many()) {
                log.error("{} stopped unexpectedly; see {}", exited.module(), exited.logFile());
                System.exit(1);
            }
            if (RESTARTING.contains(exited.module())) {
                continue; // it died while being started again: the restart in progress says so and tries again
            }
            log.warn("{} (pid {}) exited with status {}; the other instances serve on; starting it again in {} s "
                    + "(log: {})", exited.module(), exited.pid(), exited.status(), RESTART_PAUSE.toSeconds(),
                    exited.logFile());
            startAgain(system, exited);
        }
    }

    /** A pause before an instance is started again, so that the others' takeover is what one sees first. */
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(5);
    private static final int RESTART_ATTEMPTS = 3;
    private static final Set<String> RESTARTING = ConcurrentHashMap.newKeySet();

    /** Starts an instance that died again, in the background, so that the others are still watched meanwhile. */
    private static void startAgain(LocalSystem system, LocalSystem.Exit exited) {
        RESTARTING.add(exited.module());
        Thread restart = new Thread(() -> {
            try {
                restart(system, exited);
            } finally {
                RESTARTING.remove(exited.module());
            }
        }, "restart-" + exited.module());
        restart.setDaemon(true);
        restart.start();
    }

    private static void restart(LocalSystem system, LocalSystem.Exit exited) {
        for (int attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(RESTART_PAUSE.toMillis());
                system.restart(exited.service(), exited.instance());
                log.info("{} is back, pid {}", exited.module(),
                        system.pid(exited.service(), exited.instance()));
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("{} did not start again (attempt {} of {}): {}", exited.module(), attempt,
                        RESTART_ATTEMPTS, e.getMessage());
            }
        }
        log.error("{} is left stopped after {} attempts; the other instances serve on", exited.module(),
                RESTART_ATTEMPTS);
    }

    /** Two things on one port (say, RG_INSTANCE_PORT_STEP=1 puts the second governance on audit's port). */
    private static String clashingPorts(LocalSettings settings, Instances instances, int inboxPort, int smtpPort) {
        Map<Integer, String> taken = new LinkedHashMap<>();
        taken.put(settings.postgresPort(), "PostgreSQL (POSTGRES_PORT)");
        taken.put(settings.kafkaPort(), "Kafka (KAFKA_PORT)");
        settings.consolePort().ifPresent(port -> taken.put(port, "the console (CONSOLE_PORT)"));
        String inbox = taken.putIfAbsent(inboxPort, "the webhook inbox (" + INBOX_PORT_VARIABLE + ")");
        if (inbox != null) {
            return "Port " + inboxPort + " is set for both " + inbox + " and the webhook inbox.";
        }
        String smtp = taken.putIfAbsent(smtpPort, "the SMTP server (" + SMTP_PORT_VARIABLE + ")");
        if (smtp != null) {
            return "Port " + smtpPort + " is set for both " + smtp + " and the SMTP server.";
        }
        for (Service service : Service.values()) {
            for (int instance = 0; instance < instances.count(); instance++) {
                int port = instancePort(settings, instances, service, instance);
                String what = service.module() + (instances.many() ? " instance " + (instance + 1) : "");
                String other = taken.putIfAbsent(port, what);
                if (other != null) {
                    return "Port " + port + " is set for both " + other + " and " + what + "; move one ("
                            + portVariable(service) + (instances.many() ? ", " + Instances.PORT_STEP_VARIABLE : "")
                            + ").";
                }
            }
        }
        return null;
    }

    private static int instancePort(LocalSettings settings, Instances instances, Service service, int instance) {
        return settings.port(service) + instance * instances.portStep();
    }

    private static String portVariable(Service service) {
        return switch (service) {
            case GOVERNANCE -> "GOVERNANCE_PORT";
            case AUDIT -> "AUDIT_PORT";
            case NOTIFIER -> "NOTIFIER_PORT";
        };
    }

    private static final String INBOX_PORT_VARIABLE = "WEBHOOK_INBOX_PORT";
    private static final String SMTP_PORT_VARIABLE = "RG_SMTP_PORT";

    /**
     * Every port the run needs that something else already holds, each with the variable that moves it: found before
     * anything starts, because a service that cannot bind ends with a stack trace in its own log.
     */
    private static List<BusyPort> busyPorts(LocalSettings settings, Instances instances, int inboxPort,
                                            int smtpPort) {
        List<BusyPort> busy = new ArrayList<>();
        check(busy, LocalSettings.LOOPBACK, settings.postgresPort(), "PostgreSQL", "POSTGRES_PORT");
        check(busy, LocalSettings.LOOPBACK, settings.kafkaPort(), "Kafka", "KAFKA_PORT");
        for (int instance = 0; instance < instances.count(); instance++) {
            for (Service service : Service.values()) {
                check(busy, settings.bindAddress(), instancePort(settings, instances, service, instance),
                        service.module() + (instance == 0 ? "" : " instance " + (instance + 1)),
                        instance == 0 ? portVariable(service) : Instances.PORT_STEP_VARIABLE);
            }
        }
        settings.consolePort().ifPresent(port -> check(busy, settings.bindAddress(), port, "the console",
                "CONSOLE_PORT"));
        check(busy, LocalSettings.LOOPBACK, inboxPort, "the webhook inbox", INBOX_PORT_VARIABLE);
        check(busy, LocalSettings.LOOPBACK, smtpPort, "the SMTP server", SMTP_PORT_VARIABLE);
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

    private static String banner(LocalSystem system, WebhookInbox inbox, MailInbox mail, Duration startup) {
        LocalSettings s = system.settings();
        return """

                Open the console: %s — sign in with a demo token (below)

                Release governance is running (started in %.1f s). Ctrl-C stops everything.

                  %s
                  PostgreSQL          %s   (user postgres)
                  Kafka               %s   (topics release-governance.events, release-governance.audit)
                  webhook inbox       %s   (a receiver to subscribe; requests kept in %s)
                  SMTP (GreenMail)    %s   (EMAIL subscriptions' mail ends here, sent on to no one; held in
                                      memory only, each message also copied to %s)
                  data and logs       %s

                Demo tokens (local run only; the console's sign-in, or "Authorization: Bearer <token>" to the APIs):
                  demo-chair (CHAIR)   demo-member-1, demo-member-2, demo-member-3 (MEMBER)   demo-expert (EXPERT)
                  demo-auditor (AUDITOR)   demo-subscriber-admin (SUBSCRIBER_ADMIN)
                """.formatted(consoleAddress(s), startup.toMillis() / 1000.0, serviceLines(system).strip(),
                system.jdbcUrl(), system.kafkaBootstrapServers(), inbox.url(), s.dataDir().resolve("webhooks"),
                "smtp://localhost:" + mail.port(), mail.dir(), s.dataDir());
    }

    /** One line per service; with several instances, one per instance with its PID (to try a failover with kill -9). */
    private static String serviceLines(LocalSystem system) {
        StringBuilder lines = new StringBuilder();
        for (Service service : Service.values()) {
            String what = switch (service) {
                case GOVERNANCE -> "(API: /api/releases, OpenAPI: /v3/api-docs)";
                case AUDIT -> "(API: /api/audit/...)";
                case NOTIFIER -> "(API: /api/subscriptions, /api/deliveries; feed: /feed.atom)";
            };
            if (!system.instances().many()) {
                lines.append("  %-18s  %s   %s%n".formatted(service.module(), system.url(service, 0), what));
                continue;
            }
            for (int instance = 0; instance < system.instances().count(); instance++) {
                lines.append("  %-20s  %s   pid %-7d %s".formatted(system.instanceId(service, instance),
                        system.url(service, instance), system.pid(service, instance), instance == 0 ? what : "")
                        .stripTrailing()).append(System.lineSeparator());
            }
        }
        return lines.toString();
    }

    /** The console's address for a person's browser: on loopback, the familiar http://localhost:8080. */
    private static String consoleAddress(LocalSettings settings) {
        return settings.consoleUrl().replace("://127.0.0.1:", "://localhost:");
    }
}
