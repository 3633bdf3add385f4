package org.releasegovernance.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a run measures and for how long.
 *
 * @param quick              the smoke run (about two minutes), for CI and a first look
 * @param outDir             where the reports and charts go ({@code target/bench})
 * @param servicesDir        the repository root, under which each service's runnable jar is built
 * @param warmupSeconds      decisions sent before anything is measured
 * @param clientLevels       concurrent clients of scenario 1
 * @param throughputSeconds  how long each concurrency level of scenario 1 runs
 * @param rates              offered decision rates of scenario 2 (decisions per second, open loop)
 * @param endToEndSeconds    how long each rate of scenario 2 runs
 * @param rebuildSizes       sizes of the topics the audit log is rebuilt from in scenario 3, one rebuild each
 * @param profile            record governance-service with JFR during scenario 1 and name the top costs
 * @param rebuildOnly        run scenario 3 only (after the start-up of scenario 4), to measure the audit log alone
 */
record Options(boolean quick, Path outDir, Path servicesDir, int warmupSeconds, int[] clientLevels,
               int throughputSeconds, int[] rates, int endToEndSeconds, int[] rebuildSizes, boolean profile,
               boolean rebuildOnly) {

    static Options parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path out = Path.of("target", "bench").toAbsolutePath();
        Path services = Path.of(System.getenv().getOrDefault("RG_HOME", ".")).toAbsolutePath().normalize();
        int[] rebuild = null;
        boolean profile = true;
        boolean rebuildOnly = false;
        for (String arg : args) {
            if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length())).toAbsolutePath();
            } else if (arg.startsWith("--rebuild-events=")) {
                rebuild = Arrays.stream(arg.substring("--rebuild-events=".length()).split(","))
                        .mapToInt(size -> Integer.parseInt(size.trim())).toArray();
            } else if (arg.equals("--no-profile")) {
                profile = false;
            } else if (arg.equals("--only=rebuild")) {
                rebuildOnly = true;
            } else if (!arg.equals("--quick")) {
                throw new IllegalArgumentException("unknown option " + arg
                        + " (use --quick, --out=DIR, --rebuild-events=N[,M...], --no-profile, --only=rebuild)");
            }
        }
        if (quick) {
            return new Options(true, out, services, 5, new int[] {1, 4, 16, 64}, 4, new int[] {50, 200}, 6,
                    rebuild != null ? rebuild : new int[] {3_000}, profile, rebuildOnly);
        }
        return new Options(false, out, services, 20, new int[] {1, 4, 16, 64}, 20, new int[] {50, 200, 500}, 20,
                rebuild != null ? rebuild : new int[] {100_000, 1_000_000}, profile, rebuildOnly);
    }
}
