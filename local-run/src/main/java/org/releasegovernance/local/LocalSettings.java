package org.releasegovernance.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where the local system runs: ports, the data directory and where the services' jars are.
 *
 * @param dataDir      PostgreSQL data, Kafka logs, keys and service logs; kept between runs
 * @param postgresPort PostgreSQL's port
 * @param kafkaPort    the Kafka broker's client port on 127.0.0.1
 * @param servicePorts each service's HTTP port
 * @param servicesDir  the repository root, under which each module's {@code target/} holds its jar
 * @param bindAddress  the address the services listen on; loopback by default, because the local run accepts the
 *                     public demo tokens and anyone who reaches a service could act as the chair
 * @param consolePort  the web console's HTTP port, or empty to run without the console. The console is not a
 *                     {@link Service}: the benchmarks and the fault suite start and measure the three services only
 */
public record LocalSettings(Path dataDir, int postgresPort, int kafkaPort, Map<Service, Integer> servicePorts,
                            Path servicesDir, String bindAddress, OptionalInt consolePort) {

    static final String VERSION = "0.1.0-SNAPSHOT";
    /** Where the services listen unless {@code RG_BIND_ADDRESS} says otherwise: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";
    static final String CONSOLE_MODULE = "console";

    /** Settings with the services bound to loopback, as the local run's tests and harnesses want them. */
    public LocalSettings(Path dataDir, int postgresPort, int kafkaPort, Map<Service, Integer> servicePorts,
                         Path servicesDir) {
        this(dataDir, postgresPort, kafkaPort, servicePorts, servicesDir, LOOPBACK, OptionalInt.empty());
    }

    /** Settings without the console. */
    public LocalSettings(Path dataDir, int postgresPort, int kafkaPort, Map<Service, Integer> servicePorts,
                         Path servicesDir, String bindAddress) {
        this(dataDir, postgresPort, kafkaPort, servicePorts, servicesDir, bindAddress, OptionalInt.empty());
    }

    /** The documented defaults, each overridable by an environment variable. */
    public static LocalSettings fromEnvironment(Map<String, String> env) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ports.put(Service.GOVERNANCE, port(env, "GOVERNANCE_PORT", 8081));
        ports.put(Service.AUDIT, port(env, "AUDIT_PORT", 8082));
        ports.put(Service.NOTIFIER, port(env, "NOTIFIER_PORT", 8083));
        return new LocalSettings(
                Path.of(env.getOrDefault("RG_DATA_DIR", ".local")).toAbsolutePath(),
                port(env, "POSTGRES_PORT", 5433),
                port(env, "KAFKA_PORT", 9092),
                ports,
                Path.of(env.getOrDefault("RG_HOME", ".")).toAbsolutePath().normalize(),
                bindAddress(env),
                OptionalInt.of(port(env, "CONSOLE_PORT", 8080)));
    }

    /**
     * Settings on free ports of this machine, for harnesses and tests that must not collide with a local run; without
     * the console unless {@link #withConsole()} asks for it.
     */
    public static LocalSettings onFreePorts(Path dataDir, Path servicesDir) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, freePort());
        }
        return new LocalSettings(dataDir, freePort(), freePort(), ports, servicesDir);
    }

    /** These settings with the console on a free port, started after the services and against them. */
    public LocalSettings withConsole() {
        return new LocalSettings(dataDir, postgresPort, kafkaPort, servicePorts, servicesDir, bindAddress,
                OptionalInt.of(freePort()));
    }

    public boolean hasConsole() {
        return consolePort.isPresent();
    }

    /** The console's base URL as seen from this machine; only when {@link #hasConsole()}. */
    public String consoleUrl() {
        return "http://" + host() + ":" + consolePort.orElseThrow(
                () -> new IllegalStateException("these settings run no console"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public int port(Service service) {
        return servicePorts.get(service);
    }

    /** The service's base URL as seen from this machine. */
    public String url(Service service) {
        return "http://" + host() + ":" + port(service);
    }

    private String host() {
        if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
            return "localhost";
        }
        return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    }

    private static String bindAddress(Map<String, String> env) {
        String value = env.get("RG_BIND_ADDRESS");
        return value == null || value.isBlank() ? LOOPBACK : value.trim();
    }

    Path jar(Service service) {
        return servicesDir.resolve(service.module()).resolve("target").resolve(service.jarName(VERSION));
    }

    Path consoleJar() {
        return servicesDir.resolve(CONSOLE_MODULE).resolve("target").resolve(CONSOLE_MODULE + "-" + VERSION
                + "-exec.jar");
    }

    /** local-run's own runnable jar, which also starts the infrastructure in a JVM of its own. */
    Path launcherJar() {
        return servicesDir.resolve("local-run").resolve("target").resolve("local-run-" + VERSION + "-exec.jar");
    }

    static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number from 1 to 65535, not '" + value + "'", e);
        }
    }
}
