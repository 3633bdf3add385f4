package org.releasegovernance.faults;

import org.releasegovernance.local.LocalSystem;
import org.releasegovernance.local.Service;

import java.time.Duration;
import java.util.function.Consumer;

/** The faults the suite injects, each with how it is undone. */
enum Fault {

    KILL_GOVERNANCE("kill-governance", "SIGKILL of governance-service, restarted", killing(Service.GOVERNANCE),
            system -> system.restart(Service.GOVERNANCE)),
    KILL_AUDIT("kill-audit", "SIGKILL of audit-service, restarted", killing(Service.AUDIT),
            system -> system.restart(Service.AUDIT)),
    KILL_NOTIFIER("kill-notifier", "SIGKILL of notifier-service, restarted", killing(Service.NOTIFIER),
            system -> system.restart(Service.NOTIFIER)),
    KILL_EVERYTHING("kill-everything", "SIGKILL of the three services, PostgreSQL and Kafka at once, restarted",
            (system, outage) -> system.killEverything(), LocalSystem::restartEverything),
    KAFKA_OUTAGE("kafka-outage", "Kafka stopped for the outage, restarted", (system, outage) -> {
        system.stopKafka();
        Thread.sleep(outage.toMillis());
    }, LocalSystem::startKafka),
    POSTGRES_OUTAGE("postgres-outage", "PostgreSQL stopped for the outage, restarted", (system, outage) -> {
        system.stopPostgres();
        Thread.sleep(outage.toMillis());
    }, LocalSystem::startPostgres);

    /** Breaks the system; for an outage, keeps it broken for the outage's length. */
    @FunctionalInterface
    interface Injection {
        void apply(LocalSystem system, Duration outage) throws InterruptedException;
    }

    private final String id;
    private final String description;
    private final Injection injection;
    private final Consumer<LocalSystem> restoration;

    Fault(String id, String description, Injection injection, Consumer<LocalSystem> restoration) {
        this.id = id;
        this.description = description;
        this.injection = injection;
        this.restoration = restoration;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    /**
     * Whether this fault kills notifier-service. Only then may a webhook arrive again with the same
     * {@code webhook-id}: a process killed between sending and recording cannot know whether the receiver got it, and
     * sends it again rather than lose it (Standard Webhooks receivers drop a repeated id).
     */
    boolean killsNotifier() {
        return this == KILL_NOTIFIER || this == KILL_EVERYTHING;
    }

    void inject(LocalSystem system, Duration outage) throws InterruptedException {
        injection.apply(system, outage);
    }

    /** Undoes the fault and returns once the restarted part is up. */
    void restore(LocalSystem system) {
        restoration.accept(system);
    }

    static Fault byId(String id) {
        for (Fault fault : values()) {
            if (fault.id.equals(id)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("no fault scenario " + id);
    }

    private static Injection killing(Service service) {
        return (system, outage) -> system.kill(service);
    }
}
