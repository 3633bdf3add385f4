package org.releasegovernance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subscriber's endpoint: answers 204 and reports which release each webhook announced, under which
 * {@code webhook-id}, and when it came.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** Told of each announcement as it arrives. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param releaseId the release the webhook announced
         * @param webhookId its {@code webhook-id} header (the same on every attempt of one delivery)
         * @param arrived   the arrival time ({@link System#nanoTime()})
         */
        void arrived(String releaseId, String webhookId, long arrived);
    }

    static final String PATH = "/hooks/releases";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    public WebhookReceiver(Listener onRelease) throws IOException {
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
                    onRelease.arrived(releaseId, exchange.getRequestHeaders().getFirst("webhook-id"), arrived);
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

    /**
     * Subscribes this endpoint to every StageReleased at the notifier.
     *
     * @return the subscription's id
     */
    public String subscribe(Http http, String notifierUrl) {
        Http.Response response = http.post(notifierUrl + "/api/subscriptions", "demo-subscriber-admin",
                "{\"channel\":\"WEBHOOK\",\"url\":\"" + url() + "\",\"eventTypes\":[\"StageReleased\"]}");
        if (response.status() != 201) {
            throw new IllegalStateException("could not subscribe the webhook receiver: " + response.status() + " "
                    + response.body());
        }
        Matcher id = SUBSCRIPTION_ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no subscription id in " + response.body());
        }
        return id.group(1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
