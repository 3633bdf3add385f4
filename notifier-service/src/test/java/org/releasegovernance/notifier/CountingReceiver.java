package org.releasegovernance.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that counts: how often each {@code webhook-id} arrived, and how long after the event's
 * {@code occurredAt} each one did. Answers 204 to everything.
 */
public final class CountingReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    private final List<Duration> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Instant firstArrival;
    private volatile Instant lastArrival;

    public CountingReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            Instant now = Instant.now();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
            arrivals.computeIfAbsent(webhookId, id -> new AtomicInteger()).incrementAndGet();
            requests.incrementAndGet();
            JsonNode event = JSON.readTree(body);
            latencies.add(Duration.between(Instant.parse(event.at("/data/occurredAt").asText()), now));
            synchronized (this) {
                firstArrival = firstArrival == null ? now : firstArrival;
                lastArrival = now;
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** Forgets everything received so far. */
    public synchronized void reset() {
        arrivals.clear();
        latencies.clear();
        requests.set(0);
        firstArrival = null;
        lastArrival = null;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int requests() {
        return requests.get();
    }

    public int distinctWebhooks() {
        return arrivals.size();
    }

    /** How many webhook ids arrived more than once. */
    public long duplicates() {
        return arrivals.values().stream().filter(count -> count.get() > 1).count();
    }

    public Instant firstArrival() {
        return firstArrival;
    }

    public Instant lastArrival() {
        return lastArrival;
    }

    /** The latency at this percentile (0-100) from the events' occurrence to their arrival here. */
    public Duration latencyPercentile(double percentile) {
        List<Duration> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
