package org.releasegovernance.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A real PostgreSQL 17 server, unpacked from a Maven artifact and run as a child process. */
public final class PostgresServer implements AutoCloseable {

    /** The database every service connects to; each service keeps its tables in a schema of its own. */
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server.
     *
     * @param port    the port, 0 for any free one
     * @param dataDir where the data lives; kept across restarts, or {@code null} for a throw-away directory
     */
    public static PostgresServer start(int port, Path dataDir) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", dataDir == null ? "off" : "on")
                // a kept database must not lose committed decisions on a crash
                .setServerConfig("synchronous_commit", dataDir == null ? "off" : "on");
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        try {
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of the shared database. */
    public String jdbcUrl() {
        return jdbcUrl(port());
    }

    /** The JDBC URL of the shared database of a server on this port, running or not. */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }
}
