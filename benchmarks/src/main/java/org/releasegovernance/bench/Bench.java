package org.releasegovernance.bench;

import org.releasegovernance.local.LocalSystem;
import org.releasegovernance.local.Service;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** What every scenario works with: the running system, an HTTP client and the run's options. */
record Bench(Options options, LocalSystem system, Http http, Path workDir) {

    String url(Service service) {
        return system.settings().url(service);
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(system.jdbcUrl(), "postgres", "postgres");
    }

    /**
     * Waits until every stored decision has gone through Kafka to audit and notifier, so a scenario does not pay for
     * the previous one's backlog.
     *
     * @return false if the time ran out first
     */
    boolean awaitPipelineIdle(java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        return KafkaTools.awaitIdle(system.kafkaBootstrapServers(), KafkaTools.EVENTS_TOPIC, this::storedEvents,
                timeout)
                && KafkaTools.awaitIdle(system.kafkaBootstrapServers(), KafkaTools.AUDIT_TOPIC, this::storedEvents,
                java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private long storedEvents() throws SQLException {
        try (Connection connection = jdbc(); java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet result = statement.executeQuery(
                     "select count(*) from governance.domain_event_entry")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A prefix that makes this run's release ids unique even on a kept database. */
    static String runId() {
        return Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    }
}
