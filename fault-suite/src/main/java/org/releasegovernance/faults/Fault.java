package org.releasegovernance.faults;

import org.releasegovernance.local.LocalSystem;
import org.releasegovernance.local.Service;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The faults the suite injects, each with how it is undone. The {@code -of-2} faults run on a system with two
 * instances of each service and kill the first instance, the one started first: it claimed the publisher's segment
 * (governance) and the audit topic's partition (audit) first, so its death is the takeover that matters.
 */
enum Fault {

    KILL_GOVERNANCE("kill-governance", "SIGKILL of governance-service, restarted", killing(Service.GOVERNANCE),
            system -> system.restart(Service.GOVERNANCE)),
    KILL_AUDIT("kill-audit", "SIGKILL of audit-service, restarted", killing(Service.AUDIT),
            system -> system.restart(Service.AUDIT)),
    KILL_NOTIFIER("kill-notifier", "SIGKILL of notifier-service, restarted", killing(Service.NOTIFIER),
            system -> system.restart(Service.NOTIFIER)),
    KILL_GOVERNANCE_OF_2("kill-governance-of-2", "SIGKILL of the first of two governance-service instances, the "
            + "other serving on, restarted after a 5 s pause", 2, killingFirst(Service.GOVERNANCE),
            restartingFirst(Service.GOVERNANCE)),
    KILL_AUDIT_OF_2("kill-audit-of-2", "SIGKILL of the first of two audit-service instances, the other taking "
            + "over, restarted after a 5 s pause", 2, killingFirst(Service.AUDIT), restartingFirst(Service.AUDIT)),
    KILL_NOTIFIER_OF_2("kill-notifier-of-2", "SIGKILL of the first of two notifier-service instances, the other "
            + "taking over, restarted after a 5 s pause", 2, killingFirst(Service.NOTIFIER),
            restartingFirst(Service.NOTIFIER)),
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

    /** As the launcher does with an instance that died: a pause, so the survivor's takeover is what is tested. */
    private static final long RESTART_PAUSE_MS = 5_000;

    private final String id;
    private final String description;
    private final int instances;
    private final Injection injection;
    private final Consumer<LocalSystem> restoration;

    Fault(String id, String description, Injection injection, Consumer<LocalSystem> restoration) {
        this(id, description, 1, injection, restoration);
    }

    Fault(String id, String description, int instances, Injection injection, Consumer<LocalSystem> restoration) {
        this.id = id;
        this.description = description;
        this.instances = instances;
        this.injection = injection;
        this.restoration = restoration;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    /** Instances of each service the system runs for this fault. */
    int instances() {
        return instances;
    }

    /**
     * Whether this fault kills notifier-service. Only then may a webhook arrive again with the same
     * {@code webhook-id}: a process killed between sending and recording cannot know whether the receiver got it, and
     * sends it again rather than lose it (Standard Webhooks receivers drop a repeated id).
     */
    boolean killsNotifier() {
        return this == KILL_NOTIFIER || this == KILL_NOTIFIER_OF_2 || this == KILL_EVERYTHING;
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

    private static Injection killingFirst(Service service) {
        return (system, outage) -> {
            system.kill(service, 0);
            Thread.sleep(RESTART_PAUSE_MS);
        };
    }

    private static Consumer<LocalSystem> restartingFirst(Service service) {
        return system -> system.restart(service, 0);
    }
}
