package org.releasegovernance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/** The subscriber's endpoint: answers 204 and reports which release each webhook announced, and when it came. */
final class WebhookReceiver implements AutoCloseable {

    static final String PATH = "/hooks/releases";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    /** @param onRelease called with the release id and the arrival time ({@link System#nanoTime()}) */
    WebhookReceiver(BiConsumer<String, Long> onRelease) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext(PATH, exchange -> {
            long arrived = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            try {
                String releaseId = JSON.readTree(body).at("/data/releaseId").asText();
                if (!releaseId.isEmpty()) {
                    onRelease.accept(releaseId, arrived);
                }
            } catch (IOException e) {
                // not an announcement this benchmark sent; ignored
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
