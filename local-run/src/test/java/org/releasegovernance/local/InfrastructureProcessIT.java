package org.releasegovernance.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegovernance.infra.PostgresServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fault suite's power cut: PostgreSQL and Kafka in a child JVM are stopped and started in place, and killed
 * with everything they started (the postmaster included), then come back on the same data.
 */
class InfrastructureProcessIT {

    @Test
    void serversStopStartAndSurviveASigkillOfTheirProcessOnTheSameData(@TempDir Path dataDir) throws Exception {
        LocalSettings settings = LocalSettings.onFreePorts(dataDir,
                Path.of(System.getProperty("services.dir", "..")).toAbsolutePath().normalize());
        Files.createDirectories(dataDir.resolve("logs"));
        InfrastructureProcess infrastructure = InfrastructureProcess.start(settings, dataDir.resolve("logs/infra.log"));
        try {
            execute(infrastructure, "create table decision (id text primary key)",
                    "insert into decision values ('117M released')");

            infrastructure.stopKafka();
            assertThat(listening(settings.kafkaPort())).isFalse();
            infrastructure.startKafka();
            assertThat(listening(settings.kafkaPort())).isTrue();

            infrastructure.stopPostgres();
            assertThatThrownBy(() -> execute(infrastructure, "select 1")).isInstanceOf(SQLException.class);
            infrastructure.startPostgres();

            infrastructure.kill();
            assertThat(listening(settings.postgresPort())).as("postmaster killed too").isFalse();
            assertThat(listening(settings.kafkaPort())).isFalse();
            infrastructure.restart();

            try (Connection db = connect(infrastructure); Statement statement = db.createStatement();
                 ResultSet rows = statement.executeQuery("select id from decision")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("117M released");
            }
            assertThat(listening(settings.kafkaPort())).isTrue();
        } finally {
            infrastructure.close();
        }
    }

    private static void execute(Infrastructure infrastructure, String... sql) throws SQLException {
        try (Connection db = connect(infrastructure); Statement statement = db.createStatement()) {
            for (String line : sql) {
                statement.execute(line);
            }
        }
    }

    private static Connection connect(Infrastructure infrastructure) throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(), PostgresServer.USER, "postgres");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
