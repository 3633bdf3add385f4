package org.releasegovernance.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * PostgreSQL and Kafka in a JVM of their own, so that a crash of the whole machine can be played by SIGKILL. Started
 * by {@link InfrastructureProcess}; takes commands ({@code stop-kafka}, {@code start-kafka}, {@code stop-postgres},
 * {@code start-postgres}) one per line on standard input and answers each on standard output with a line starting
 * {@value #REPLY}. Stops both servers and exits when standard input closes, so it never outlives its parent.
 *
 * <pre>InfrastructureMain DATA_DIR POSTGRES_PORT KAFKA_PORT</pre>
 */
public final class InfrastructureMain {

    static final String REPLY = "@infra ";
    static final String READY = "ready";

    private InfrastructureMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: InfrastructureMain DATA_DIR POSTGRES_PORT KAFKA_PORT");
        }
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(Path.of(args[0]),
                Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        reply(READY);
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String command;
            while ((command = commands.readLine()) != null) {
                try {
                    run(infrastructure, command.trim());
                    reply("ok " + command.trim());
                } catch (RuntimeException e) {
                    reply("failed " + command.trim() + " " + e);
                }
            }
        } finally {
            infrastructure.close();
        }
        System.exit(0);
    }

    private static void run(Infrastructure infrastructure, String command) {
        switch (command) {
            case "stop-kafka" -> infrastructure.stopKafka();
            case "start-kafka" -> infrastructure.startKafka();
            case "stop-postgres" -> infrastructure.stopPostgres();
            case "start-postgres" -> infrastructure.startPostgres();
            default -> throw new IllegalArgumentException("unknown command");
        }
    }

    private static void reply(String line) {
        System.out.println(REPLY + line);
        System.out.flush();
    }
}
