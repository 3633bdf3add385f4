package org.releasegovernance.local;

import org.releasegovernance.infra.KafkaServer;
import org.releasegovernance.infra.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL and Kafka in a child JVM ({@link InfrastructureMain}), started from local-run's runnable jar on fixed
 * ports and kept data directories, so the fault suite can SIGKILL them like a power cut and start them again.
 */
final class InfrastructureProcess implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final LocalSettings settings;
    private final Path logFile;
    private Process process;
    private PrintWriter commands;
    private BlockingQueue<String> replies;

    private InfrastructureProcess(LocalSettings settings, Path logFile) {
        this.settings = settings;
        this.logFile = logFile;
    }

    /** Starts the child JVM and waits until both servers are up. Both ports must be fixed (not 0). */
    static InfrastructureProcess start(LocalSettings settings, Path logFile) {
        if (settings.postgresPort() == 0 || settings.kafkaPort() == 0) {
            throw new IllegalArgumentException("PostgreSQL and Kafka need fixed ports to be restarted in place");
        }
        InfrastructureProcess infrastructure = new InfrastructureProcess(settings, logFile);
        infrastructure.launch();
        return infrastructure;
    }

    @Override
    public String jdbcUrl() {
        return PostgresServer.jdbcUrl(settings.postgresPort());
    }

    @Override
    public String kafkaBootstrapServers() {
        return KafkaServer.bootstrapServers(settings.kafkaPort());
    }

    @Override
    public void stopKafka() {
        command("stop-kafka");
    }

    @Override
    public void startKafka() {
        command("start-kafka");
    }

    @Override
    public void stopPostgres() {
        command("stop-postgres");
    }

    @Override
    public void startPostgres() {
        command("start-postgres");
    }

    /**
     * SIGKILL of the child JVM, everything it started and the PostgreSQL server (which pg_ctl detaches from its
     * parent, so it is found through its {@code postmaster.pid}), and waits until all of them are gone.
     */
    synchronized void kill() {
        List<ProcessHandle> victims = new ArrayList<>();
        postmaster().ifPresent(postmaster -> {
            victims.add(postmaster);
            postmaster.descendants().forEach(victims::add);
        });
        if (process != null) {
            victims.add(process.toHandle());
            process.descendants().forEach(victims::add);
        }
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle victim : victims) {
            try {
                victim.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("process {} did not exit after SIGKILL: {}", victim.pid(), e.toString());
            }
        }
        process = null;
    }

    /** Starts the child JVM again on the same ports and data directories, after {@link #kill()}. */
    synchronized void restart() {
        if (process != null) {
            throw new IllegalStateException("the infrastructure process is still running");
        }
        launch();
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        commands.close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        process = null;
    }

    private Optional<ProcessHandle> postmaster() {
        Path pidFile = EmbeddedInfrastructure.postgresDir(settings.dataDir()).resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            log.warn("could not read {}: {}", pidFile, e.toString());
            return Optional.empty();
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dloader.main=" + InfrastructureMain.class.getName(),
                "-cp", settings.launcherJar().toString(), LAUNCHER,
                settings.dataDir().toString(),
                Integer.toString(settings.postgresPort()),
                Integer.toString(settings.kafkaPort())));
        log.info("starting PostgreSQL (port {}) and Kafka (127.0.0.1:{}) in a child JVM (log: {})",
                settings.postgresPort(), settings.kafkaPort(), logFile);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the infrastructure process", e);
        }
        commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        replies = new LinkedBlockingQueue<>();
        Thread reader = new Thread(new OutputReader(process, replies, logFile), "infrastructure-output");
        reader.setDaemon(true);
        reader.start();
        String reply = awaitReply(START_TIMEOUT);
        if (!reply.equals(InfrastructureMain.READY)) {
            kill();
            throw new IllegalStateException("the infrastructure did not start (" + reply + "); see " + logFile);
        }
    }

    private synchronized void command(String command) {
        if (process == null) {
            throw new IllegalStateException("the infrastructure process is not running");
        }
        commands.println(command);
        String reply = awaitReply(COMMAND_TIMEOUT);
        if (!reply.equals("ok " + command)) {
            throw new IllegalStateException(command + ": " + reply + "; see " + logFile);
        }
    }

    private String awaitReply(Duration timeout) {
        try {
            String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return reply != null ? reply : "no answer after " + timeout.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Copies the child's output to its log file and hands the protocol's replies over. */
    private record OutputReader(Process process, BlockingQueue<String> replies, Path logFile) implements Runnable {

        @Override
        public void run() {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 Writer logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                         StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith(InfrastructureMain.REPLY)) {
                        replies.add(line.substring(InfrastructureMain.REPLY.length()));
                    } else {
                        logWriter.write(line);
                        logWriter.write(System.lineSeparator());
                        logWriter.flush();
                    }
                }
            } catch (IOException e) {
                replies.add("output closed: " + e);
            }
            replies.add("exited");
        }
    }
}
