package org.releasegovernance.bench;

import org.releasegovernance.local.Service;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Scenario 4 while scenarios 1 and 2 run: each service's peak heap in use and peak resident memory. */
final class CostSampler implements AutoCloseable {

    record ServiceCost(String service, double peakHeapMiB, double peakRssMiB, double maxHeapMiB) {
    }

    private final Bench bench;
    private final Map<Service, Long> peakHeap = new EnumMap<>(Service.class);
    private final Map<Service, Long> peakRss = new EnumMap<>(Service.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    CostSampler(Bench bench) {
        this.bench = bench;
        this.thread = new Thread(this::sample, "cost-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running.get()) {
            for (Service service : Service.values()) {
                long heap = ProcessMemory.heapUsedBytes(bench.http(), bench.url(service));
                long rss = ProcessMemory.rssKiB(bench.system().pid(service));
                synchronized (this) {
                    peakHeap.merge(service, heap, Math::max);
                    peakRss.merge(service, rss, Math::max);
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and reads the kernel's RSS high-water marks. */
    synchronized List<ServiceCost> result() {
        List<ServiceCost> costs = new ArrayList<>();
        for (Service service : Service.values()) {
            long hwm = ProcessMemory.peakRssKiB(bench.system().pid(service));
            long rss = Math.max(hwm, peakRss.getOrDefault(service, -1L));
            costs.add(new ServiceCost(service.module(), mib(peakHeap.getOrDefault(service, -1L)),
                    DecisionThroughput.round(rss / 1024.0), 256));
        }
        return costs;
    }

    private static double mib(long bytes) {
        return bytes < 0 ? -1 : DecisionThroughput.round(bytes / 1024.0 / 1024.0);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.interrupt();
        thread.join();
    }
}
