package org.releasegovernance.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.md} and {@code report.json}: one row per scenario with the figures that must be zero, and beneath
 * it what went wrong, by decision and answer.
 *
 * @param startedAt  when the run began
 * @param seconds    how long it took, start-up included
 * @param quick      the CI variant
 * @param clients    concurrent committees
 * @param outage     seconds Kafka or PostgreSQL stayed stopped
 * @param findings   one per scenario that ran to its end
 * @param aborted    scenarios that could not run to their end, with why
 * @param environment Java, processors and memory of this machine
 */
record FaultReport(Instant startedAt, double seconds, boolean quick, int clients, long outage,
                   List<Findings> findings, List<String> aborted, Map<String, String> environment) {

    static Map<String, String> thisMachine() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        environment.put("processors", Runtime.getRuntime().availableProcessors() + " processors");
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return environment;
    }

    /** Every reason the run fails; empty when all figures are zero. */
    List<String> failures() {
        List<String> failures = new ArrayList<>(aborted);
        for (Findings finding : findings) {
            finding.failures().forEach(failure -> failures.add(finding.scenario() + ": " + failure));
        }
        return failures;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown());
        new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValue(dir.resolve("report.json").toFile(), Map.of("run", this, "failures", failures()));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Fault suite").append(quick ? " (quick)" : "").append("\n\n");
        md.append(String.format("Run of %s, %.0f s, %d committees retrying with Idempotency-Keys, outages of %d s; %s.%n%n",
                startedAt, seconds, clients, outage, String.join(", ", environment.values())));
        md.append(table());
        List<String> failures = failures();
        md.append("\n").append(failures.isEmpty() ? "**Passed**: every figure that must be zero is zero.\n"
                : "**Failed**:\n\n" + bullets(failures));
        for (Findings finding : findings) {
            md.append("\n## ").append(finding.scenario()).append("\n\n").append(finding.description()).append(".\n\n");
            md.append(String.format("- %d decisions, %d accepted, %d sent more than once; %d gave up, %d stored "
                            + "but never acknowledged to the client%n", finding.decisions(), finding.accepted(),
                    finding.retried(), finding.gaveUp(), finding.storedUnacknowledged()));
            md.append(String.format("- back up %.1f s after the fault was undone; pipeline caught up %.1f s after "
                    + "the load stopped%s%n", finding.restartSeconds(), finding.drainSeconds(),
                    finding.drained() ? "" : " (not caught up: gave up waiting)"));
            md.append("- /api/audit/verify: ").append(finding.verifySummary()).append("\n");
            if (!finding.refusals().isEmpty()) {
                md.append("\nRefused, by decision and answer:\n\n");
                finding.refusals().forEach((what, count) -> md.append("- ").append(count).append(" × ")
                        .append(what).append("\n"));
            }
            if (!finding.examples().isEmpty()) {
                md.append("\nExamples:\n\n").append(bullets(finding.examples()));
            }
        }
        if (!aborted.isEmpty()) {
            md.append("\n## Aborted\n\n").append(bullets(aborted));
        }
        return md.toString();
    }

    /** The summary table, as docs/reliability.md shows it. */
    String table() {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | decisions accepted | accepted, missing in audit | duplicated audit entries "
                + "| webhooks missing | releases announced twice | same webhook-id sent again | retries refused "
                + "| /verify | time to recover |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Findings f : findings) {
            md.append(String.format("| %s | %d | %d | %d | %d of %d | %d | %d%s | %d | %s | %s |%n", f.scenario(),
                    f.accepted(), f.missingInAudit(), f.duplicatedInAudit(), f.webhooksMissing(),
                    f.releasesAnnounced(), f.webhooksDeliveredTwice(), f.webhooksRedelivered(),
                    f.redeliveryExpected() ? " (notifier killed)" : "", f.refusedRetries(),
                    f.verifyIntact() ? "intact" : "NOT intact",
                    f.recoverySeconds() == null ? "no decision after" : String.format("%.1f s", f.recoverySeconds())));
        }
        return md.toString();
    }

    private static String bullets(List<String> lines) {
        StringBuilder md = new StringBuilder();
        lines.forEach(line -> md.append("- ").append(line).append("\n"));
        return md.toString();
    }
}
