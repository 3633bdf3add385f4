package org.releasegovernance.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code ./run-local.sh}: starts the whole system in the foreground with embedded servers and demo tokens, prints
 * where everything is, and stops it all on Ctrl-C. Data is kept in {@code RG_DATA_DIR} (default {@code .local})
 * between runs.
 */
public final class LocalRun {

    private static final Logger log = LoggerFactory.getLogger(LocalRun.class);

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        Instant started = Instant.now();
        LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
        LocalSystem system = LocalSystem.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping the services, Kafka and PostgreSQL");
            system.close();
        }, "local-run-shutdown"));
        System.out.println(banner(system, Duration.between(started, Instant.now())));
        Service exited = system.awaitAnyExit();
        if (exited == null) {
            return;
        }
        log.error("{} stopped unexpectedly; see {}", exited.module(), system.logFile(exited));
        System.exit(1);
    }

    private static String banner(LocalSystem system, Duration startup) {
        LocalSettings s = system.settings();
        return """

                Release governance is running (started in %.1f s). Ctrl-C stops everything.

                  governance-service  %s   (API: /api/releases, OpenAPI: /v3/api-docs)
                  audit-service       %s   (API: /api/audit/...)
                  notifier-service    %s   (API: /api/subscriptions, /api/deliveries; feed: /feed.atom)
                  PostgreSQL          %s   (user postgres)
                  Kafka               %s   (topics release-governance.events, release-governance.audit)
                  data and logs       %s

                Demo tokens (local run only; send as "Authorization: Bearer <token>"):
                  demo-chair (CHAIR)   demo-member-1, demo-member-2, demo-member-3 (MEMBER)   demo-expert (EXPERT)
                  demo-auditor (AUDITOR)   demo-subscriber-admin (SUBSCRIBER_ADMIN)
                """.formatted(startup.toMillis() / 1000.0, s.url(Service.GOVERNANCE), s.url(Service.AUDIT),
                s.url(Service.NOTIFIER), system.jdbcUrl(), system.kafkaBootstrapServers(), s.dataDir());
    }
}
