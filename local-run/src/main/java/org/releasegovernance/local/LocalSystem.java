package org.releasegovernance.local;

import org.releasegovernance.infra.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The whole system on one machine: a real PostgreSQL and Kafka broker (in this JVM's care) and the three services,
 * each in a process of its own started from its runnable jar, so a service can be killed and restarted like in
 * production; and, when the settings have a console port, the web console in a fourth process, started once the
 * services are healthy and calling them on the signed-in person's behalf.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);
    /**
     * The JVM options of each service: a 256 MiB heap, the serial collector (no GC threads competing on small
     * machines) and C1 only. With C2 as well, three services on 2 cores spent most of a 21 s profile window
     * compiling (18 s of compilations 40 s after start) and took 45 decisions/s at 16 clients instead of 111-147.
     */
    public static final List<String> JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final LocalSettings settings;
    private final Infrastructure infrastructure;
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private volatile Process console;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean closing;

    private LocalSystem(LocalSettings settings, Infrastructure infrastructure) {
        this.settings = settings;
        this.infrastructure = infrastructure;
    }

    /** Starts everything, PostgreSQL and Kafka in this JVM's care, and returns once every service is healthy. */
    public static LocalSystem start(LocalSettings settings) {
        checkJars(settings);
        return startServices(settings, EmbeddedInfrastructure.start(settings.dataDir(), settings.postgresPort(),
                settings.kafkaPort()));
    }

    /**
     * Starts everything with PostgreSQL and Kafka in a child JVM of their own, so that {@link #killEverything()} can
     * SIGKILL them too. Needs fixed ports and local-run's runnable jar.
     */
    public static LocalSystem startWithInfrastructureProcess(LocalSettings settings) {
        checkJars(settings);
        if (!Files.isRegularFile(settings.launcherJar())) {
            throw new IllegalStateException("missing " + settings.launcherJar()
                    + ": build first (./mvnw -DskipTests package)");
        }
        return startServices(settings, InfrastructureProcess.start(settings,
                settings.dataDir().resolve("logs").resolve("infrastructure.log")));
    }

    private static void checkJars(LocalSettings settings) {
        for (Service service : Service.values()) {
            checkJar(settings.jar(service));
        }
        if (settings.hasConsole()) {
            checkJar(settings.consoleJar());
        }
        createDirectories(settings.dataDir().resolve("logs"));
        createDirectories(settings.dataDir().resolve("tmp"));
    }

    private static void checkJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + ": build first (./mvnw -DskipTests package)");
        }
    }

    private static LocalSystem startServices(LocalSettings settings, Infrastructure infrastructure) {
        LocalSystem system = new LocalSystem(settings, infrastructure);
        try {
            system.startEveryService();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startEveryService() {
        for (Service service : Service.values()) {
            launch(service);
        }
        for (Service service : Service.values()) {
            awaitHealthy(service);
        }
        if (settings.hasConsole()) {
            startConsole();
        }
    }

    private void startConsole() {
        log.info("starting the console on {} (log: {})", settings.consoleUrl(), consoleLogFile());
        console = start(consoleCommand(settings), consoleLogFile(), LocalSettings.CONSOLE_MODULE);
        awaitReady(LocalSettings.CONSOLE_MODULE, settings.consoleUrl(), () -> console, consoleLogFile());
    }

    /** The console's base URL, which a person opens in a browser. */
    public String consoleUrl() {
        if (!settings.hasConsole()) {
            throw new IllegalStateException("this system runs without the console; start it with "
                    + "settings.withConsole()");
        }
        return settings.consoleUrl();
    }

    public Path consoleLogFile() {
        return settings.dataDir().resolve("logs").resolve(LocalSettings.CONSOLE_MODULE + ".log");
    }

    public LocalSettings settings() {
        return settings;
    }

    public String jdbcUrl() {
        return infrastructure.jdbcUrl();
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    /** The operating-system process id of a running service (for the benchmarks' memory readings). */
    public long pid(Service service) {
        Process process = processes.get(service);
        if (process == null) {
            throw new IllegalStateException(service.module() + " is not running");
        }
        return process.pid();
    }

    /** Kills a service the hard way (SIGKILL), as a crash would. */
    public void kill(Service service) throws InterruptedException {
        Process process = processes.remove(service);
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a service that was killed, and waits until it is healthy. */
    public void restart(Service service) {
        launch(service);
        awaitHealthy(service);
    }

    /** Stops the Kafka broker cleanly (the services keep running and retry); its logs are kept. */
    public void stopKafka() {
        infrastructure.stopKafka();
    }

    /** Starts the Kafka broker again on the same port and logs. */
    public void startKafka() {
        infrastructure.startKafka();
    }

    /** Stops PostgreSQL cleanly (the services keep running and retry); its data is kept. */
    public void stopPostgres() {
        infrastructure.stopPostgres();
    }

    /** Starts PostgreSQL again on the same port and data. */
    public void startPostgres() {
        infrastructure.startPostgres();
    }

    /**
     * SIGKILL of the three services, PostgreSQL and Kafka at once, as a power cut would; only with
     * {@link #startWithInfrastructureProcess}.
     */
    public void killEverything() throws InterruptedException {
        InfrastructureProcess process = infrastructureProcess();
        List<Process> services = new ArrayList<>(processes.values());
        processes.clear();
        if (console != null) {
            services.add(console);
            console = null;
        }
        services.forEach(Process::destroyForcibly);
        process.kill();
        for (Process service : services) {
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts PostgreSQL, Kafka and the services again after {@link #killEverything()}, and waits until healthy. */
    public void restartEverything() {
        infrastructureProcess().restart();
        startEveryService();
    }

    private InfrastructureProcess infrastructureProcess() {
        if (infrastructure instanceof InfrastructureProcess process) {
            return process;
        }
        throw new IllegalStateException("PostgreSQL and Kafka run inside this JVM; start the system with "
                + "startWithInfrastructureProcess to kill them");
    }

    /**
     * Waits until one of the services or the console exits, and returns which (none must stop on its own), or
     * returns {@code null} once the system is being closed.
     */
    public Exit awaitAnyExit() throws InterruptedException {
        while (!closing) {
            for (Map.Entry<Service, Process> entry : processes.entrySet()) {
                if (entry.getValue().waitFor(200, TimeUnit.MILLISECONDS) && !closing) {
                    return new Exit(entry.getKey().module(), logFile(entry.getKey()));
                }
            }
            Process runningConsole = console;
            if (runningConsole != null && runningConsole.waitFor(200, TimeUnit.MILLISECONDS) && !closing) {
                return new Exit(LocalSettings.CONSOLE_MODULE, consoleLogFile());
            }
        }
        return null;
    }

    /** A process of the system that stopped: its module and where its log is. */
    public record Exit(String module, Path logFile) {
    }

    public Path logFile(Service service) {
        return settings.dataDir().resolve("logs").resolve(service.module() + ".log");
    }

    @Override
    public void close() {
        closing = true;
        // the console first, so that it does not report the services it calls as gone while it shuts down
        List<Process> running = new ArrayList<>();
        if (console != null) {
            running.add(console);
            console = null;
        }
        running.addAll(processes.values());
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        infrastructure.close();
    }

    private void launch(Service service) {
        List<String> command = launchCommand(settings, service, jdbcUrl(), kafkaBootstrapServers());
        log.info("starting {} on {}:{} (log: {})", service.module(), settings.bindAddress(), settings.port(service),
                logFile(service));
        processes.put(service, start(command, logFile(service), service.module()));
    }

    private static Process start(List<String> command, Path logFile, String module) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + module, e);
        }
    }

    /** The command line that starts a service against the given PostgreSQL and Kafka. */
    static List<String> launchCommand(LocalSettings settings, Service service, String jdbcUrl, String kafka) {
        List<String> command = javaCommand(settings);
        command.addAll(List.of(
                "-jar", settings.jar(service).toString(),
                "--server.address=" + settings.bindAddress(),
                "--server.port=" + settings.port(service),
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + PostgresServer.USER,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--governance.security.demo-tokens=true",
                "--notifier.secrets.key-file=" + settings.dataDir().resolve("notifier-secret.key"),
                "--notifier.outbound.allow-loopback=true",
                "--audit.signing.key-file=" + settings.dataDir().resolve("audit-signing.key")));
        return command;
    }

    /** The command line that starts the console against the three services. */
    static List<String> consoleCommand(LocalSettings settings) {
        List<String> command = javaCommand(settings);
        command.addAll(List.of(
                "-jar", settings.consoleJar().toString(),
                "--server.address=" + settings.bindAddress(),
                "--server.port=" + settings.consolePort().orElseThrow(),
                "--console.governance-url=" + settings.url(Service.GOVERNANCE),
                "--console.audit-url=" + settings.url(Service.AUDIT),
                "--console.notifier-url=" + settings.url(Service.NOTIFIER)));
        return command;
    }

    private static List<String> javaCommand(LocalSettings settings) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        // Tomcat's work directories and other temporary files stay with the run's data, not in the system's temp dir
        command.add("-Djava.io.tmpdir=" + settings.dataDir().resolve("tmp"));
        return command;
    }

    private void awaitHealthy(Service service) {
        awaitReady(service.module(), settings.url(service), () -> processes.get(service), logFile(service));
    }

    private void awaitReady(String module, String url, Supplier<Process> process, Path logFile) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        // readiness, not overall health: a service that is up but reports a part DOWN (say, the audit feed holding an
        // event it could not store) must still start, and say so, rather than keep the whole system from starting
        URI readiness = URI.create(url + "/actuator/health/readiness");
        URI health = URI.create(url + "/actuator/health");
        while (Instant.now().isBefore(deadline)) {
            Process running = process.get();
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(module + " exited during start-up; see " + logFile);
            }
            if (isHealthy(readiness)) {
                if (isHealthy(health)) {
                    log.info("{} is up at {}", module, url);
                } else {
                    log.warn("{} is up at {} but reports a part DOWN: see {}", module, url, health);
                }
                return;
            }
            pause();
        }
        throw new IllegalStateException(module + " was not healthy after " + STARTUP_TIMEOUT + "; see " + logFile);
    }

    private boolean isHealthy(URI health) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for start-up", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for start-up", e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }
}
