package org.releasegovernance.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a runnable jar the way Spring Boot's class data sharing recipe does, so that a start after the first skips
 * most class loading. The jar is extracted once ({@code java -Djarmode=tools -jar <jar> extract}): its classes then
 * load from plain jars on the class path, which the JVM can archive. The first process started from an extraction
 * writes a dynamic CDS archive of every class it loaded when it stops ({@code -XX:ArchiveClassesAtExit}); later
 * processes map that archive ({@code -XX:SharedArchiveFile}) instead of reading, parsing and verifying those classes
 * again. Measured on the project's 2-core machine, governance-service used 14.5 s of CPU to start from its jar,
 * 9.5 s extracted and 6.3 to 7.3 s with the archive (docs/performance.md).
 * <p>
 * The extraction and its archive are kept beside the jar ({@code target/cds/<jar>/<size>-<modified>/}), for every
 * run of that build; a rebuilt jar gets a fresh extraction, and the JVM itself refuses an archive whose class path
 * changed. An archive is kept only from a process that stopped cleanly (not one killed with SIGKILL or failed), and
 * two processes training at once each write a file of their own, the last to stop replacing the other's.
 * {@code RG_CDS=off} starts every jar as it is.
 */
final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    /** Exit statuses of a JVM that stopped cleanly: on its own, on SIGINT (Ctrl-C) or on SIGTERM. */
    private static final Set<Integer> CLEAN_EXITS = Set.of(0, 130, 143);
    private static final String ARCHIVE = "classes.jsa";
    /** The JVM names every class it cannot archive (generated accessors, old class files): noise for a service log. */
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final boolean enabled;

    private ClassDataSharing(boolean enabled) {
        this.enabled = enabled;
    }

    /** On, unless {@code RG_CDS} is {@code off}. */
    static ClassDataSharing fromEnvironment(String setting) {
        if (setting == null || setting.isBlank() || setting.equals("on")) {
            return new ClassDataSharing(true);
        }
        if (setting.equals("off")) {
            return new ClassDataSharing(false);
        }
        throw new IllegalArgumentException("RG_CDS must be on (the default) or off, not '" + setting + "'");
    }

    /**
     * Extracts the jars that have no extraction of their build yet, all at once (each is a JVM of its own for a few
     * seconds), so that a first start does not extract them one after the other.
     */
    void prepareAll(List<Path> jars) {
        if (enabled) {
            jars.stream().map(jar -> CompletableFuture.runAsync(() -> prepare(jar)))
                    .toList().forEach(CompletableFuture::join);
        }
    }

    /**
     * How to start this jar: a command line's {@code -jar <jar>} becomes the archive's options and
     * {@code -jar <extracted jar>}. Without an extraction (class data sharing off, or the extraction failed) the
     * command is left as it is.
     */
    Launch prepare(Path jar) {
        if (!enabled) {
            return Launch.asIs(jar);
        }
        Path extraction;
        try {
            extraction = extraction(jar);
        } catch (IOException | RuntimeException e) {
            log.warn("could not extract {} for class data sharing, so it starts as it is: {}", jar, e.toString());
            return Launch.asIs(jar);
        }
        Path extracted = extraction.resolve(jar.getFileName());
        Path archive = extraction.resolve(ARCHIVE);
        if (Files.isRegularFile(archive)) {
            return new Launch(jar, extracted, options("-XX:SharedArchiveFile=" + archive), null, archive);
        }
        Path pending = extraction.resolve("classes-" + UUID.randomUUID() + ".jsa.part");
        return new Launch(jar, extracted, options("-XX:ArchiveClassesAtExit=" + pending), pending, archive);
    }

    private static List<String> options(String archiveOption) {
        List<String> options = new ArrayList<>(QUIET);
        options.add(0, archiveOption);
        return List.copyOf(options);
    }

    /** The extraction of this build of the jar, made now if there is none; older builds' extractions are deleted. */
    private static Path extraction(Path jar) throws IOException {
        Path home = jar.toAbsolutePath().getParent().resolve("cds").resolve(jar.getFileName().toString());
        Path extraction = home.resolve(Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis());
        if (Files.isRegularFile(extraction.resolve(jar.getFileName()))) {
            return extraction;
        }
        Files.createDirectories(home);
        try (Stream<Path> builds = Files.list(home)) {
            builds.filter(build -> !build.equals(extraction)).forEach(ClassDataSharing::deleteQuietly);
        }
        Path partial = home.resolve("extracting-" + UUID.randomUUID());
        log.info("extracting {} for class data sharing (once per build)", jar.getFileName());
        extract(jar, partial);
        try {
            Files.move(partial, extraction, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            deleteQuietly(partial); // another run extracted the same build at the same time
        }
        return extraction;
    }

    private static void extract(Path jar, Path destination) throws IOException {
        Path output = Files.createTempFile("cds-extract", ".log");
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract",
                    "--destination", destination.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("extracting took over 2 minutes");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(destination.resolve(jar.getFileName()))) {
                throw new IOException("extract exited with " + process.exitValue() + ": "
                        + Files.readString(output).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void deleteQuietly(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not delete {}: {}", path, e.toString());
        }
    }

    /**
     * How one process is started from a jar.
     *
     * @param jar       the runnable jar
     * @param extracted the jar to start instead, from the extraction, or {@code null} to start {@code jar}
     * @param options   JVM options that go before {@code -jar}
     * @param pending   where this process writes the archive when it stops, or {@code null} when it maps one
     * @param archive   the extraction's archive, which a clean stop's {@code pending} becomes
     */
    record Launch(Path jar, Path extracted, List<String> options, Path pending, Path archive) {

        static Launch asIs(Path jar) {
            return new Launch(jar, null, List.of(), null, null);
        }

        /** Whether this process writes the archive that later starts use. */
        boolean trains() {
            return pending != null;
        }

        /** The command with {@code -jar <jar>} replaced by this launch's options and jar. */
        List<String> command(List<String> command) {
            int at = command.indexOf("-jar");
            if (extracted == null || at < 0 || !command.get(at + 1).equals(jar.toString())) {
                return command;
            }
            List<String> launched = new ArrayList<>(command.subList(0, at));
            launched.addAll(options);
            launched.add("-jar");
            launched.add(extracted.toString());
            launched.addAll(command.subList(at + 2, command.size()));
            return launched;
        }

        /** After the process stopped: keeps the archive it wrote if it stopped cleanly, else drops it. */
        void settle(Process stopped) {
            if (pending == null || stopped.isAlive()) {
                return;
            }
            try {
                if (CLEAN_EXITS.contains(stopped.exitValue()) && Files.size(pending) > 0) {
                    Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    log.info("wrote the class data sharing archive {} for faster starts", archive);
                } else {
                    Files.deleteIfExists(pending);
                }
            } catch (IOException e) {
                log.debug("no class data sharing archive from {}: {}", jar.getFileName(), e.toString());
                deleteQuietly(pending);
            }
        }
    }
}
