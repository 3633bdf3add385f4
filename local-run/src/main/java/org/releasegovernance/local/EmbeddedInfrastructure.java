package org.releasegovernance.local;

import org.releasegovernance.infra.KafkaServer;
import org.releasegovernance.infra.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** PostgreSQL (a child process of this JVM's care) and a Kafka broker inside this JVM. */
final class EmbeddedInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Path dataDir;
    private int postgresPort;
    private int kafkaPort;
    private PostgresServer postgres;
    private KafkaServer kafka;

    private EmbeddedInfrastructure(Path dataDir, int postgresPort, int kafkaPort) {
        this.dataDir = dataDir;
        this.postgresPort = postgresPort;
        this.kafkaPort = kafkaPort;
    }

    /** Starts both servers; a port of 0 picks a free one, which is then kept for every later start. */
    static EmbeddedInfrastructure start(Path dataDir, int postgresPort, int kafkaPort) {
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(dataDir, postgresPort, kafkaPort);
        infrastructure.startPostgres();
        try {
            infrastructure.startKafka();
        } catch (RuntimeException e) {
            infrastructure.stopPostgres();
            throw e;
        }
        return infrastructure;
    }

    static Path postgresDir(Path dataDir) {
        return dataDir.resolve("postgres");
    }

    static Path kafkaDir(Path dataDir) {
        return dataDir.resolve("kafka");
    }

    int postgresPort() {
        return postgresPort;
    }

    int kafkaPort() {
        return kafkaPort;
    }

    @Override
    public String jdbcUrl() {
        return PostgresServer.jdbcUrl(postgresPort);
    }

    @Override
    public String kafkaBootstrapServers() {
        return KafkaServer.bootstrapServers(kafkaPort);
    }

    @Override
    public synchronized void startPostgres() {
        if (postgres == null) {
            log.info("starting PostgreSQL on port {} (data in {})", postgresPort, postgresDir(dataDir));
            postgres = PostgresServer.start(postgresPort, postgresDir(dataDir));
            postgresPort = postgres.port();
        }
    }

    @Override
    public synchronized void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Override
    public synchronized void startKafka() {
        if (kafka == null) {
            log.info("starting Kafka on 127.0.0.1:{} (logs in {})", kafkaPort, kafkaDir(dataDir));
            kafka = KafkaServer.start(kafkaPort, kafkaDir(dataDir));
            kafkaPort = kafka.port();
        }
    }

    @Override
    public synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    @Override
    public void close() {
        stopKafka();
        stopPostgres();
    }
}
