package org.releasegovernance.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.releasegovernance.bench.RawEventRows.Row;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;

/**
 * The raw HTTP+JDBC line of scenario 1, run as a process of its own with the services' JVM options: the shape of a
 * decision without the framework. {@code POST /raw/{releaseId}/{step}} with a bearer token (looked up by its SHA-256,
 * as the services do), a JSON body parsed with Jackson; in one transaction it reads the release's stored event rows
 * (by aggregate id, from the raw copy of {@code domain_event_entry}) and appends the step's event rows (copies of a
 * stored release's rows, as the raw JDBC line inserts); it answers a small JSON document.
 *
 * <pre>java [LocalSystem.JVM_OPTIONS] ... RawDecisionServer &lt;port&gt; &lt;jdbc url&gt; &lt;template release id&gt;
 *      &lt;pool size&gt; &lt;http threads&gt;</pre>
 */
public final class RawDecisionServer {

    /** The demo tokens the services accept, by the hex SHA-256 of the token, to the actor. */
    private static final Map<String, String> ACTORS = Map.of(
            sha256Hex("demo-chair"), "chair",
            sha256Hex("demo-member-1"), "member-1",
            sha256Hex("demo-member-2"), "member-2",
            sha256Hex("demo-member-3"), "member-3");

    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Connection> pool;
    private final List<Row> template;

    private RawDecisionServer(BlockingQueue<Connection> pool, List<Row> template) {
        this.pool = pool;
        this.template = template;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String jdbcUrl = args[1];
        int poolSize = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
            connection.setAutoCommit(false);
            pool.add(connection);
        }
        RawDecisionServer server = new RawDecisionServer(pool, templateRows(pool.peek(), args[2]));
        // TCP_NODELAY, as Tomcat has by default: without it each answer waited for the client's delayed ACK and the
        // line took 59 decisions/s at 1 client instead of 454 (two quick runs on the same loaded machine)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        http.setExecutor(Executors.newFixedThreadPool(threads));
        http.createContext("/raw/", server::decide);
        http.createContext("/health", exchange -> server.answer(exchange, 200, "{\"status\":\"UP\"}"));
        http.start();
        System.out.println("raw decision server listening on " + port);
    }

    private void decide(HttpExchange exchange) throws IOException {
        try (exchange) {
            String actor = actor(exchange.getRequestHeaders().getFirst("Authorization"));
            if (actor == null) {
                answer(exchange, 401, "{\"title\":\"Unauthorized\"}");
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = json.readTree(in);
            }
            String[] path = exchange.getRequestURI().getPath().split("/");
            String releaseId = path[2];
            int step = Integer.parseInt(path[3]);
            long sequence = append(releaseId, step);
            answer(exchange, step < 2 ? 201 : 202, json.writeValueAsString(Map.of("releaseId", releaseId,
                    "actor", actor, "sequence", sequence, "fields", body.size())));
        } catch (SQLException | RuntimeException e) {
            answer(exchange, 500, "{\"title\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** Reads the release's rows and appends the step's, in one transaction; returns the next sequence number. */
    private long append(String releaseId, int step) throws SQLException {
        Connection connection = take();
        try {
            long next = 0;
            try (PreparedStatement read = connection.prepareStatement("""
                    select sequence_number, type, payload from bench_raw.domain_event_entry
                     where aggregate_identifier = ? order by sequence_number""")) {
                read.setString(1, releaseId);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        next = rows.getLong(1) + 1;
                        // the payloads are fetched, as loading an aggregate from its events fetches them
                        rows.getBytes(3);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(RawEventRows.INSERT)) {
                RawEventRows.append(insert, template, releaseId, next, ReleaseStory.EVENTS_PER_DECISION[step]);
            }
            connection.commit();
            return next + ReleaseStory.EVENTS_PER_DECISION[step];
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            pool.add(connection);
        }
    }

    private Connection take() {
        try {
            return pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a connection", e);
        }
    }

    private static String actor(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        return ACTORS.get(sha256Hex(authorization.substring("Bearer ".length())));
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<Row> templateRows(Connection connection, String releaseId) throws SQLException {
        List<Row> rows = RawEventRows.template(connection, releaseId);
        connection.commit();
        if (rows.isEmpty()) {
            throw new IllegalStateException("no stored events for the template release " + releaseId);
        }
        return rows;
    }

    private static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
