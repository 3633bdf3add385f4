package org.releasegovernance.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint for trying subscriptions by hand in the local run: {@code POST /hooks} on loopback. Each request
 * is answered 204 and kept as it arrived, the raw body in {@code <n>.body} and the Standard Webhooks headers in
 * {@code <n>.headers} (and the newest also as {@code last.body} / {@code last.headers}), so the signature can be
 * checked from the files exactly as a subscriber would check it.
 */
final class WebhookInbox implements AutoCloseable {

    static final String PATH = "/hooks";
    private static final List<String> HEADERS =
            List.of("webhook-id", "webhook-timestamp", "webhook-signature", "content-type");

    private final HttpServer server;
    private final Path dir;
    private final AtomicInteger received = new AtomicInteger();

    private WebhookInbox(HttpServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /** Starts the inbox, emptied of the requests of an earlier run. */
    static WebhookInbox start(int port, Path dir) {
        try {
            Inboxes.empty(dir);
            HttpServer server = HttpServer.create(new InetSocketAddress(LocalSettings.LOOPBACK, port), 16);
            WebhookInbox inbox = new WebhookInbox(server, dir);
            server.createContext(PATH, inbox::handle);
            server.start();
            return inbox;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the webhook inbox on port " + port, e);
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + PATH;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = in.readAllBytes();
            StringBuilder headers = new StringBuilder();
            for (String name : HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.append(name).append(": ").append(value).append('\n');
                }
            }
            int n = received.incrementAndGet();
            byte[] headerBytes = headers.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve(n + ".body"), body);
            Files.write(dir.resolve(n + ".headers"), headerBytes);
            Files.write(dir.resolve("last.body"), body);
            Files.write(dir.resolve("last.headers"), headerBytes);
            System.out.printf("webhook %d received (%s), kept in %s%n", n,
                    exchange.getRequestHeaders().getFirst("webhook-id"), dir.resolve(n + ".body"));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
