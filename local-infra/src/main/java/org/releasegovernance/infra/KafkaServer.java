package org.releasegovernance.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node) running in this JVM. Its log
 * directory is formatted on first start and kept, so topics and committed offsets survive a restart.
 */
public final class KafkaServer implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;
    private final Path throwAwayDir;

    private KafkaServer(KafkaRaftServer server, int port, Path throwAwayDir) {
        this.server = server;
        this.port = port;
        this.throwAwayDir = throwAwayDir;
    }

    /**
     * Starts a broker.
     *
     * @param port   the client port on 127.0.0.1, 0 for any free one
     * @param logDir where the logs live; kept across restarts, or {@code null} for a throw-away directory
     */
    public static KafkaServer start(int port, Path logDir) {
        try {
            Path dir = logDir != null ? Files.createDirectories(logDir) : Files.createTempDirectory("kafka-");
            int clientPort = port > 0 ? port : freePort();
            int controllerPort = freePort();
            Properties config = config(dir, clientPort, controllerPort);
            format(dir);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
            return new KafkaServer(server, clientPort, logDir == null ? dir : null);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    /** The bootstrap servers string for clients. */
    public String bootstrapServers() {
        return bootstrapServers(port);
    }

    /** The bootstrap servers string of a broker on this port of 127.0.0.1, running or not. */
    public static String bootstrapServers(int port) {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (throwAwayDir != null) {
            deleteRecursively(throwAwayDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    private static Properties config(Path dir, int clientPort, int controllerPort) {
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", dir.toString());
        // topics created on first use get one partition; governance-service creates its own topics explicitly
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("log.flush.interval.messages", "1");
        return config;
    }

    private static void format(Path dir) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka log directory " + dir + " could not be formatted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
