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

    /** A prefix that makes this run's release ids unique even on a kept database. */
    static String runId() {
        return Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    }
}
