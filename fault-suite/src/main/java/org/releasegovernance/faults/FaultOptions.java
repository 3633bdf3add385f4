package org.releasegovernance.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a run injects and for how long.
 *
 * @param quick       the CI variant: the three single-service kills, shorter load
 * @param outDir      where the reports go ({@code target/faults})
 * @param servicesDir the repository root, under which each module's runnable jar is built
 * @param faults      the scenarios, in order
 * @param clients     concurrent committees playing stories
 * @param before      load before the fault
 * @param outage      how long Kafka or PostgreSQL stays stopped
 * @param after       load after the fault is undone
 * @param patience    how long a client retries one decision before it gives up
 * @param drain       how long the pipeline may take to bring the audit log and the webhooks up to date
 */
record FaultOptions(boolean quick, Path outDir, Path servicesDir, List<Fault> faults, int clients, Duration before,
                    Duration outage, Duration after, Duration patience, Duration drain) {

    static FaultOptions parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path out = Path.of("target", "faults").toAbsolutePath();
        Path services = Path.of(System.getenv().getOrDefault("RG_HOME", ".")).toAbsolutePath().normalize();
        List<Fault> faults = quick
                ? List.of(Fault.KILL_GOVERNANCE, Fault.KILL_AUDIT, Fault.KILL_NOTIFIER, Fault.POSTGRES_OUTAGE)
                : List.of(Fault.values());
        // --quick keeps the database outage (about a minute): it once turned six decisions into final 400s that no
        // kill showed. Not in --quick: CI's verify runs FailoverIT, the same kills with two instances, and a second
        // system of six JVMs would add about 3 minutes to CI
        for (String arg : args) {
            if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length())).toAbsolutePath();
            } else if (arg.startsWith("--scenarios=")) {
                faults = new ArrayList<>();
                for (String id : arg.substring("--scenarios=".length()).split(",")) {
                    faults.add(Fault.byId(id.trim()));
                }
            } else if (!arg.equals("--quick")) {
                throw new IllegalArgumentException("unknown option " + arg
                        + " (use --quick, --scenarios=ID[,ID...], --out=DIR)");
            }
        }
        Duration patience = Duration.ofMinutes(5);
        if (quick) {
            return new FaultOptions(true, out, services, faults, 6, Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofSeconds(8), patience, Duration.ofSeconds(90));
        }
        return new FaultOptions(false, out, services, faults, 6, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(15), patience, Duration.ofMinutes(3));
    }
}
