package org.releasegovernance.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL one process sends per decision, counted by PostgreSQL itself: for a short window the server logs every
 * statement ({@code log_statement = 'all'}, each line prefixed with the backend's pid), and the lines of the backends
 * that serve the process's connections are counted. Which backends those are comes from the kernel's socket table
 * ({@code ss -tinp}: the client ports the process holds to PostgreSQL's port) and {@code pg_stat_activity}
 * ({@code client_port} to backend pid). Round trips are the data segments PostgreSQL received on those connections
 * ({@code data_segs_in}): on loopback each request the driver flushes arrives as one segment, so segments in are the
 * times the process sent to the database and, short of a pipelined batch, waited for it. {@code pg_stat_statements}
 * would not do: it sums by user, database and query, and every service connects as the same user to one database.
 * <p>
 * The server log is a file of PostgreSQL's logging collector: the embedded PostgreSQL's own output goes to a pipe its
 * library stops reading once {@code pg_ctl} has returned, so the collector is turned on ({@link #collectServerLog})
 * before the warm start, the restart a setting of its kind needs. It logs nothing more than before outside the window.
 */
final class SqlStatements {

    /**
     * Per decision, over a window of {@code decisions} decisions.
     *
     * @param connections the process's connections to PostgreSQL at the end of the window
     * @param other       SET, SHOW, advisory locks, anything else
     * @param roundTrips  -1 when {@code ss} could not tell
     * @param frequent    the most frequent statements (numbers and aliases folded), each with its count per decision
     */
    record Count(String process, long decisions, int connections, double statements, double selects, double inserts,
                 double updates, double deletes, double beginCommit, double other, double transactions,
                 double roundTrips, List<Frequent> frequent) {
    }

    record Frequent(String statement, double perDecision) {
    }

    private static final int FREQUENT = 10;

    private static final Pattern STATEMENT = Pattern.compile(
            "^(\\d+)\\|\\s*LOG:\\s+(?:statement|execute [^:]*): (.*)$", Pattern.DOTALL);
    private static final Pattern SOCKET = Pattern.compile("(\\S+):(\\d+)\\s+(\\S+):(\\d+)(?:.*pid=(\\d+))?");
    private static final Pattern DATA_SEGS_IN = Pattern.compile("\\bdata_segs_in:(\\d+)");

    private final Bench bench;
    private final int postgresPort;
    private final Path serverLog;

    SqlStatements(Bench bench) {
        this.bench = bench;
        this.postgresPort = Integer.parseInt(bench.system().jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
        this.serverLog = bench.system().settings().dataDir().resolve("postgres").resolve("log")
                .resolve("postgresql.log");
    }

    /**
     * Asks PostgreSQL to write its log to {@code <data dir>/postgres/log/postgresql.log} from its next start on
     * (one file, never rotated).
     */
    static void collectServerLog(String jdbcUrl) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("alter system set logging_collector = on");
            statement.execute("alter system set log_directory = 'log'");
            statement.execute("alter system set log_filename = 'postgresql.log'");
            statement.execute("alter system set log_rotation_age = 0");
            statement.execute("alter system set log_rotation_size = 0");
        }
    }

    /** Runs {@code work} (which takes {@code decisions} decisions) with every statement logged, and counts. */
    Count measure(String process, long pid, long decisions, Runnable work) throws Exception {
        if (!Files.isRegularFile(serverLog)) {
            throw new IllegalStateException("no PostgreSQL log at " + serverLog + " (the logging collector is "
                    + "turned on before the warm start)");
        }
        Map<Integer, Long> segmentsBefore;
        Map<Integer, Long> segmentsAfter;
        Set<Integer> backends = new HashSet<>();
        List<String> lines;
        try {
            logEveryStatement(true);
            segmentsBefore = dataSegmentsIn(pid);
            backends.addAll(backendPids(segmentsBefore.keySet()));
            long from = Files.size(serverLog);
            work.run();
            // what the process does after answering (publishing the decision's events) belongs to the decision too
            Thread.sleep(1_000);
            segmentsAfter = dataSegmentsIn(pid);
            backends.addAll(backendPids(segmentsAfter.keySet()));
            lines = linesFrom(from);
        } finally {
            logEveryStatement(false);
        }
        return count(process, decisions, lines, backends, segmentsBefore, segmentsAfter);
    }

    private List<String> linesFrom(long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(serverLog.toFile(), "r")) {
            byte[] bytes = new byte[(int) (file.length() - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    private Count count(String process, long decisions, List<String> lines, Set<Integer> backends,
                        Map<Integer, Long> before, Map<Integer, Long> after) {
        Map<String, Long> kinds = new HashMap<>();
        Map<String, Long> texts = new HashMap<>();
        Map<Integer, Boolean> inTransaction = new HashMap<>();
        long statements = 0;
        long transactions = 0;
        for (String line : statements(lines)) {
            Matcher matcher = STATEMENT.matcher(line);
            if (!matcher.matches() || !backends.contains(Integer.parseInt(matcher.group(1)))) {
                continue;
            }
            int backend = Integer.parseInt(matcher.group(1));
            String kind = kind(matcher.group(2));
            statements++;
            kinds.merge(kind, 1L, Long::sum);
            texts.merge(fold(matcher.group(2)), 1L, Long::sum);
            boolean open = inTransaction.getOrDefault(backend, false);
            if (kind.equals("begin")) {
                inTransaction.put(backend, true);
            } else if (kind.equals("commit")) {
                inTransaction.put(backend, false);
                transactions++;
            } else if (!open) {
                transactions++;
            }
        }
        long roundTrips = -1;
        if (!after.isEmpty()) {
            roundTrips = 0;
            for (Map.Entry<Integer, Long> connection : after.entrySet()) {
                roundTrips += connection.getValue() - before.getOrDefault(connection.getKey(), 0L);
            }
        }
        double n = Math.max(1, decisions);
        return new Count(process, decisions, after.size(), per(statements, n), per(kinds.get("select"), n),
                per(kinds.get("insert"), n), per(kinds.get("update"), n), per(kinds.get("delete"), n),
                per(sum(kinds.get("begin"), kinds.get("commit")), n), per(kinds.get("other"), n),
                per(transactions, n), roundTrips < 0 ? -1 : per(roundTrips, n), texts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(FREQUENT)
                .map(text -> new Frequent(text.getKey(), per(text.getValue(), n))).toList());
    }

    /** Log lines with a statement's further lines (the log indents them with a tab) joined to its first. */
    private static List<String> statements(List<String> lines) {
        List<String> joined = new java.util.ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("\t") && !joined.isEmpty()) {
                joined.set(joined.size() - 1, joined.get(joined.size() - 1) + " " + line.trim());
            } else {
                joined.add(line);
            }
        }
        return joined;
    }

    /**
     * The statement with its numbers (parameters, Hibernate's aliases) folded to N and a select's column list left
     * out (what tells statements apart is the table and the condition), shortened.
     */
    private static String fold(String sql) {
        String folded = sql.replaceAll("\\s+", " ").trim().replaceAll("\\d+", "N")
                .replaceFirst("(?i)^select (?!.*\\bfrom\\b.*\\bselect\\b).+? from ", "select … from ");
        return folded.length() > 100 ? folded.substring(0, 100) + "…" : folded;
    }

    private static String kind(String sql) {
        String statement = sql.stripLeading().toLowerCase(Locale.ROOT);
        if (statement.contains("pg_advisory") || statement.contains("pg_try_advisory")) {
            return "other";
        }
        for (String kind : List.of("select", "insert", "update", "delete", "begin")) {
            if (statement.startsWith(kind)) {
                return kind;
            }
        }
        if (statement.startsWith("with")) {
            return statement.contains("insert") ? "insert" : statement.contains("update") ? "update" : "select";
        }
        if (statement.startsWith("commit") || statement.startsWith("rollback") || statement.startsWith("end")) {
            return "commit";
        }
        return "other";
    }

    private static long sum(Long a, Long b) {
        return (a == null ? 0 : a) + (b == null ? 0 : b);
    }

    private static double per(Long count, double decisions) {
        return DecisionThroughput.round((count == null ? 0 : count) / decisions);
    }

    /** Turns statement logging on or off for every session (a reload reaches open sessions at their next command). */
    private void logEveryStatement(boolean on) throws SQLException, InterruptedException {
        try (Connection connection = bench.jdbc(); Statement statement = connection.createStatement()) {
            if (on) {
                statement.execute("alter system set log_statement = 'all'");
                statement.execute("alter system set log_line_prefix = '%p|'");
            } else {
                statement.execute("alter system reset log_statement");
                statement.execute("alter system reset log_line_prefix");
            }
            statement.execute("select pg_reload_conf()");
        }
        Thread.sleep(500);
    }

    /** The backend pids serving these client ports. */
    private Set<Integer> backendPids(Set<Integer> clientPorts) throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Connection connection = bench.jdbc(); PreparedStatement query = connection.prepareStatement(
                "select pid from pg_stat_activity where client_port = any (?)")) {
            query.setArray(1, connection.createArrayOf("int4", clientPorts.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    pids.add(result.getInt(1));
                }
            }
        }
        return pids;
    }

    /**
     * The process's connections to PostgreSQL, by client port, with the data segments PostgreSQL has received on
     * each; empty when {@code ss} is not there.
     */
    private Map<Integer, Long> dataSegmentsIn(long pid) {
        Map<Integer, Long> segments = new HashMap<>();
        List<String> lines;
        try {
            Process ss = new ProcessBuilder("ss", "-tinpH", "state", "established").redirectErrorStream(true).start();
            lines = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            ss.waitFor();
        } catch (IOException e) {
            return segments;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return segments;
        }
        Set<Integer> clientPorts = new HashSet<>();
        Map<Integer, Long> serverSide = new HashMap<>();
        int serverPeer = -1;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && serverPeer >= 0) {
                // the details line of the socket above it
                Matcher in = DATA_SEGS_IN.matcher(line);
                serverSide.put(serverPeer, in.find() ? Long.parseLong(in.group(1)) : 0L);
                serverPeer = -1;
                continue;
            }
            Matcher socket = SOCKET.matcher(line.trim());
            serverPeer = -1;
            if (Character.isWhitespace(line.charAt(0)) || !socket.find()) {
                continue;
            }
            int localPort = Integer.parseInt(socket.group(2));
            int peerPort = Integer.parseInt(socket.group(4));
            String owner = socket.group(5);
            if (peerPort == postgresPort && owner != null && Long.parseLong(owner) == pid) {
                clientPorts.add(localPort);
            } else if (localPort == postgresPort) {
                serverPeer = peerPort;
            }
        }
        for (int port : clientPorts) {
            segments.put(port, serverSide.getOrDefault(port, 0L));
        }
        return segments;
    }
}
