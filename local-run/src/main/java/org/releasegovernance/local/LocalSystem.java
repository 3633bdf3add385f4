package org.releasegovernance.local;

import org.releasegovernance.infra.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The whole system on one machine: a real PostgreSQL and Kafka broker (in this JVM's care) and the three services,
 * each in a process of its own started from its runnable jar, so a service can be killed and restarted like in
 * production; and, when the settings have a console port, the web console in a fourth process, started once the
 * services are healthy and calling them on the signed-in person's behalf.
 * <p>
 * With {@link Instances} above one, each service runs as that many processes on the one PostgreSQL and Kafka, each
 * with an instance id of its own ({@code governance-service-2}) as {@code spring.application.instance-id} and as its
 * Kafka client id. Instance 0 is the service as a single-instance run has it (same port, log file and command line);
 * the methods without an instance number mean it. The console calls every instance of each service.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);
    /**
     * The JVM options of each service: a 256 MiB heap, the serial collector (no GC threads competing on small
     * machines) and C1 only. Measured on 2 cores (docs/performance.md, round three): C2 as well takes a decision
     * from 3.0 to 1.25-1.75 ms of CPU and 352 to 556-763 decisions/s at 16 clients, but starts the system in 12.9 to
     * 16.8 s instead of 7.2 s and compiles through its first minutes, when the end-to-end latency is worse. The
     * local run is started and used for minutes at a time, so it keeps C1; a long-running deployment (the compose file)
     * runs the JVM's default, both. {@code RG_JIT=c2} keeps both compilers here, to measure the choice again.
     */
    public static final List<String> JVM_OPTIONS = jvmOptions(System.getenv("RG_JIT"));

    static List<String> jvmOptions(String jit) {
        if (jit == null || jit.isBlank() || jit.equals("c1")) {
            return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        }
        if (jit.equals("c2")) {
            return List.of("-Xmx256m", "-XX:+UseSerialGC");
        }
        throw new IllegalArgumentException("RG_JIT must be c1 (the default: C1 only) or c2 (C1 and C2), not '"
                + jit + "'");
    }

    /** One process of a service: the service and its instance number, from 0. */
    private record Key(Service service, int instance) {
    }

    private final LocalSettings settings;
    private final Instances instances;
    private final Map<Key, Integer> ports;
    private final Infrastructure infrastructure;
    private final List<String> notifierArguments;
    private final Map<Key, Process> processes = new ConcurrentHashMap<>();
    private final ClassDataSharing classDataSharing = ClassDataSharing.fromEnvironment(System.getenv("RG_CDS"));
    /** Per process started: done once it stopped and the class data sharing archive it wrote, if any, was kept. */
    private final Map<Process, CompletableFuture<Void>> settled = new ConcurrentHashMap<>();
    /** Whether a process started from a fresh extraction, so that stopping it writes its archive. */
    private volatile boolean archiving;
    private volatile Process console;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean closing;

    private LocalSystem(LocalSettings settings, Instances instances, Infrastructure infrastructure,
                        List<String> notifierArguments) {
        this.settings = settings;
        this.instances = instances;
        this.ports = ports(settings, instances);
        this.infrastructure = infrastructure;
        this.notifierArguments = List.copyOf(notifierArguments);
    }

    /** Starts everything, PostgreSQL and Kafka in this JVM's care, and returns once every service is healthy. */
    public static LocalSystem start(LocalSettings settings) {
        return start(settings, Instances.ONE);
    }

    /** As {@link #start(LocalSettings)}, with the given number of instances of each service. */
    public static LocalSystem start(LocalSettings settings, Instances instances) {
        return start(settings, instances, List.of());
    }

    /**
     * As {@link #start(LocalSettings, Instances)}, with further command-line settings for each notifier instance
     * (the local run's SMTP server, say).
     */
    public static LocalSystem start(LocalSettings settings, Instances instances, List<String> notifierArguments) {
        checkJars(settings);
        return startServices(settings, instances, EmbeddedInfrastructure.start(settings.dataDir(),
                settings.postgresPort(), settings.kafkaPort()), notifierArguments);
    }

    /**
     * Starts everything with PostgreSQL and Kafka in a child JVM of their own, so that {@link #killEverything()} can
     * SIGKILL them too. Needs fixed ports and local-run's runnable jar.
     */
    public static LocalSystem startWithInfrastructureProcess(LocalSettings settings) {
        return startWithInfrastructureProcess(settings, Instances.ONE);
    }

    /** As {@link #startWithInfrastructureProcess(LocalSettings)}, with the given number of instances of each service. */
    public static LocalSystem startWithInfrastructureProcess(LocalSettings settings, Instances instances) {
        checkJars(settings);
        if (!Files.isRegularFile(settings.launcherJar())) {
            throw new IllegalStateException("missing " + settings.launcherJar()
                    + ": build first (./mvnw -DskipTests package)");
        }
        return startServices(settings, instances, InfrastructureProcess.start(settings,
                settings.dataDir().resolve("logs").resolve("infrastructure.log")), List.of());
    }

    private static Map<Key, Integer> ports(LocalSettings settings, Instances instances) {
        Map<Key, Integer> ports = new HashMap<>();
        for (Service service : Service.values()) {
            for (int instance = 0; instance < instances.count(); instance++) {
                ports.put(new Key(service, instance), instance == 0 ? settings.port(service)
                        : instances.portStep() == 0 ? freePort()
                        : settings.port(service) + instance * instances.portStep());
            }
        }
        return Map.copyOf(ports);
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

    private static LocalSystem startServices(LocalSettings settings, Instances instances,
                                             Infrastructure infrastructure, List<String> notifierArguments) {
        LocalSystem system = new LocalSystem(settings, instances, infrastructure, notifierArguments);
        try {
            system.startEveryService();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startEveryService() {
        List<Path> jars = new ArrayList<>();
        for (Service service : Service.values()) {
            jars.add(settings.jar(service));
        }
        if (settings.hasConsole()) {
            jars.add(settings.consoleJar());
        }
        classDataSharing.prepareAll(jars);
        // the first instances first, and the others once they are ready: the audit signing key and the notifier's
        // secret key are created by the first start, and two processes creating one at once would make two keys
        for (int instance = 0; instance < instances.count(); instance++) {
            for (Service service : Service.values()) {
                launch(service, instance);
            }
            for (Service service : Service.values()) {
                awaitHealthy(service, instance);
            }
        }
        if (settings.hasConsole()) {
            startConsole();
        }
    }

    private void startConsole() {
        log.info("starting the console on {} (log: {})", settings.consoleUrl(), consoleLogFile());
        console = start(settings.consoleJar(), consoleCommand(settings, this::urls), consoleLogFile(),
                LocalSettings.CONSOLE_MODULE);
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

    /** How many instances of each service run, and where. */
    public Instances instances() {
        return instances;
    }

    /** The base URL of one instance of a service; instance 0's is {@code settings().url(service)}. */
    public String url(Service service, int instance) {
        String first = settings.url(service);
        return first.substring(0, first.lastIndexOf(':') + 1) + port(service, instance);
    }

    /** The HTTP port of one instance of a service. */
    public int port(Service service, int instance) {
        Integer port = ports.get(new Key(service, instance));
        if (port == null) {
            throw new IllegalArgumentException(service.module() + " has no instance " + instance + " (instances 0 to "
                    + (instances.count() - 1) + ")");
        }
        return port;
    }

    /**
     * The id an instance is started with ({@code spring.application.instance-id} and its Kafka client id):
     * {@code governance-service-1} for instance 0, {@code governance-service-2} for instance 1.
     */
    public String instanceId(Service service, int instance) {
        port(service, instance);
        return service.module() + "-" + (instance + 1);
    }

    /** Whether that instance's process is running (it was not killed, or was started again). */
    public boolean isRunning(Service service, int instance) {
        Process process = processes.get(new Key(service, instance));
        return process != null && process.isAlive();
    }

    public String jdbcUrl() {
        return infrastructure.jdbcUrl();
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    /** The operating-system process id of a running service (for the benchmarks' memory readings). */
    public long pid(Service service) {
        return pid(service, 0);
    }

    /** The operating-system process id of one running instance of a service. */
    public long pid(Service service, int instance) {
        Process process = processes.get(new Key(service, instance));
        if (process == null) {
            throw new IllegalStateException(instanceId(service, instance) + " is not running");
        }
        return process.pid();
    }

    /** Kills a service (its first instance) the hard way (SIGKILL), as a crash would. */
    public void kill(Service service) throws InterruptedException {
        kill(service, 0);
    }

    /** Kills one instance of a service with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill(Service service, int instance) throws InterruptedException {
        port(service, instance);
        Process process = processes.remove(new Key(service, instance));
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a service (its first instance) that was killed, and waits until it is healthy. */
    public void restart(Service service) {
        restart(service, 0);
    }

    /** Starts an instance that was killed or died, and waits until it is ready. */
    public void restart(Service service, int instance) {
        launch(service, instance);
        awaitHealthy(service, instance);
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
     * Waits until one of the services' instances or the console exits, and returns which (none must stop on its
     * own), or returns {@code null} once the system is being closed. An instance that exited is no longer running
     * (until {@link #restart(Service, int)}), so the next call waits for another.
     */
    public Exit awaitAnyExit() throws InterruptedException {
        while (!closing) {
            for (Map.Entry<Key, Process> entry : processes.entrySet()) {
                Process process = entry.getValue();
                if (!process.isAlive() && !closing && processes.remove(entry.getKey(), process)) {
                    Key key = entry.getKey();
                    return new Exit(instanceId(key.service(), key.instance()), logFile(key.service(), key.instance()),
                            key.service(), key.instance(), process.pid(), process.exitValue());
                }
            }
            Process runningConsole = console;
            if (runningConsole != null && !runningConsole.isAlive() && !closing) {
                return new Exit(LocalSettings.CONSOLE_MODULE, consoleLogFile(), null, 0, runningConsole.pid(),
                        runningConsole.exitValue());
            }
            Thread.sleep(200);
        }
        return null;
    }

    /**
     * A process of the system that stopped.
     *
     * @param module   the module, or with several instances the instance id ({@code audit-service-2})
     * @param logFile  where its log is
     * @param service  the service, or {@code null} for the console
     * @param instance the service's instance number, from 0
     * @param pid      its process id
     * @param status   its exit status (137 after SIGKILL)
     */
    public record Exit(String module, Path logFile, Service service, int instance, long pid, int status) {
    }

    public Path logFile(Service service) {
        return logFile(service, 0);
    }

    /** An instance's log: {@code <module>.log} for the first, {@code <module>-2.log} for the second, and so on. */
    public Path logFile(Service service, int instance) {
        return settings.dataDir().resolve("logs").resolve(service.module()
                + (instance == 0 ? "" : "-" + (instance + 1)) + ".log");
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
        if (archiving) {
            log.info("the services write their class data sharing archives as they stop (the first stop after a "
                    + "build): this stop takes up to a minute, later starts are faster");
        }
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                // a first start's processes write their class data sharing archive as they stop: seconds each
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                CompletableFuture<Void> archived = settled.remove(process);
                if (archived != null) {
                    archived.get(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("could not keep a class data sharing archive: {}", e.toString());
            }
        }
        processes.clear();
        infrastructure.close();
    }

    private void launch(Service service, int instance) {
        List<String> command = instances.many()
                ? launchCommand(settings, service, port(service, instance), instanceId(service, instance), jdbcUrl(),
                        kafkaBootstrapServers())
                : launchCommand(settings, service, jdbcUrl(), kafkaBootstrapServers());
        if (service == Service.NOTIFIER) {
            command = new ArrayList<>(command);
            command.addAll(notifierArguments);
        }
        String name = instances.many() ? instanceId(service, instance) : service.module();
        log.info("starting {} on {}:{} (log: {})", name, settings.bindAddress(), port(service, instance),
                logFile(service, instance));
        Process process = start(settings.jar(service), command, logFile(service, instance), name);
        processes.put(new Key(service, instance), process);
        if (instances.many()) {
            log.info("{} has pid {}", name, process.pid());
        }
    }

    private Process start(Path jar, List<String> command, Path logFile, String module) {
        ClassDataSharing.Launch launch = classDataSharing.prepare(jar);
        try {
            Process process = new ProcessBuilder(launch.command(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            CompletableFuture<Void> archived = process.onExit().thenAccept(launch::settle);
            settled.put(process, archived);
            archived.whenComplete((done, failure) -> settled.remove(process));
            if (launch.trains()) {
                archiving = true;
                log.info("{} starts from its extracted jar and writes a class data sharing archive as it stops, "
                        + "for faster starts after this one", module);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + module, e);
        }
    }

    /** The command line that starts a service against the given PostgreSQL and Kafka. */
    static List<String> launchCommand(LocalSettings settings, Service service, String jdbcUrl, String kafka) {
        return launchCommand(settings, service, settings.port(service), null, jdbcUrl, kafka);
    }

    /**
     * The command line that starts one instance of a service; with an instance id, it is the instance's
     * {@code spring.application.instance-id} and Kafka client id, so logs and consumer group listings name it.
     */
    static List<String> launchCommand(LocalSettings settings, Service service, int port, String instanceId,
                                      String jdbcUrl, String kafka) {
        List<String> command = javaCommand(settings);
        command.addAll(List.of(
                "-jar", settings.jar(service).toString(),
                "--server.address=" + settings.bindAddress(),
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + PostgresServer.USER,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--governance.security.demo-tokens=true",
                "--notifier.secrets.key-file=" + settings.dataDir().resolve("notifier-secret.key"),
                "--notifier.outbound.allow-loopback=true",
                "--audit.signing.key-file=" + settings.dataDir().resolve("audit-signing.key")));
        if (instanceId != null) {
            command.add("--spring.application.instance-id=" + instanceId);
            command.add("--spring.kafka.client-id=" + instanceId);
        }
        return command;
    }

    /** The command line that starts the console against the three services. */
    /** The console's command line: it calls every instance of each service, moving on when one does not answer. */
    static List<String> consoleCommand(LocalSettings settings, Function<Service, List<String>> instanceUrls) {
        List<String> command = javaCommand(settings);
        command.addAll(List.of(
                "-jar", settings.consoleJar().toString(),
                "--server.address=" + settings.bindAddress(),
                "--server.port=" + settings.consolePort().orElseThrow(),
                "--console.governance-url=" + String.join(",", instanceUrls.apply(Service.GOVERNANCE)),
                "--console.audit-url=" + String.join(",", instanceUrls.apply(Service.AUDIT)),
                "--console.notifier-url=" + String.join(",", instanceUrls.apply(Service.NOTIFIER))));
        return command;
    }

    /** The base URLs of every instance of a service, the first instance first. */
    public List<String> urls(Service service) {
        List<String> urls = new ArrayList<>();
        for (int instance = 0; instance < instances.count(); instance++) {
            urls.add(url(service, instance));
        }
        return urls;
    }

    private static List<String> javaCommand(LocalSettings settings) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        // Tomcat's work directories and other temporary files stay with the run's data, not in the system's temp dir
        command.add("-Djava.io.tmpdir=" + settings.dataDir().resolve("tmp"));
        return command;
    }

    private void awaitHealthy(Service service, int instance) {
        Key key = new Key(service, instance);
        awaitReady(instances.many() ? instanceId(service, instance) : service.module(), url(service, instance),
                () -> processes.get(key), logFile(service, instance));
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
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
