package org.releasegovernance.notifier;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that holds every request until the test opens its gate, then answers 200: requests stay in
 * flight for as long as the test needs, e.g. while it stops the notifier's database. Counts each {@code webhook-id}.
 */
public final class GatedReceiver implements AutoCloseable {

    private static final int MOST_HELD = 50;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(MOST_HELD);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    public GatedReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), MOST_HELD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            arrivals.computeIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), id -> new AtomicInteger())
                    .incrementAndGet();
            requests.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            answered.incrementAndGet();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Lets every held request, and every later one, be answered with 200. */
    public void open() {
        gate.countDown();
    }

    public int requests() {
        return requests.get();
    }

    /** Requests answered with 200 so far. */
    public int answered() {
        return answered.get();
    }

    public int distinctWebhooks() {
        return arrivals.size();
    }

    public Set<String> webhookIds() {
        return Set.copyOf(arrivals.keySet());
    }

    /** How many webhook ids arrived more than once. */
    public long duplicates() {
        return arrivals.values().stream().filter(count -> count.get() > 1).count();
    }

    @Override
    public void close() {
        open();
        server.stop(0);
        threads.shutdownNow();
    }
}
