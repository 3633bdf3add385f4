package org.releasegovernance.local;

/**
 * PostgreSQL and Kafka of the local system, on fixed ports and kept data directories, so each can be stopped and
 * started again without the services' settings changing.
 */
public interface Infrastructure extends AutoCloseable {

    String jdbcUrl();

    String kafkaBootstrapServers();

    /** Stops the broker cleanly; its log directory is kept. */
    void stopKafka();

    /** Starts the broker again on the same port and log directory. */
    void startKafka();

    /** Stops PostgreSQL cleanly; its data directory is kept. */
    void stopPostgres();

    /** Starts PostgreSQL again on the same port and data directory. */
    void startPostgres();

    @Override
    void close();
}
