package org.releasegovernance.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A start after the first maps the class data sharing archive the first one wrote as it stopped, which is what makes
 * the local run's warm start fast; a crashed process leaves no archive, and a rebuilt jar never starts from the old
 * build's extraction. Runs the console's real jar (the smallest of the four) as the local run starts it.
 */
class ClassDataSharingIT {

    private static final Path BUILT_JAR = LocalSettings.onFreePorts(Path.of("data"),
            Path.of("..").toAbsolutePath().normalize()).consoleJar();

    @TempDir
    Path dir;

    @Test
    void aCleanStopWritesTheArchiveThatTheNextStartMaps() throws Exception {
        Path jar = copyOfTheJar();
        ClassDataSharing sharing = ClassDataSharing.fromEnvironment(null);

        ClassDataSharing.Launch first = sharing.prepare(jar);
        assertThat(first.trains()).isTrue();
        Process training = startAndAwaitStarted(first, List.of());
        training.destroy();
        training.waitFor();
        first.settle(training);

        ClassDataSharing.Launch second = sharing.prepare(jar);
        assertThat(second.trains()).isFalse();
        assertThat(second.archive()).isRegularFile();
        Process mapped = startAndAwaitStarted(second, List.of("-Xlog:class+load=info"));
        mapped.destroy();
        mapped.waitFor();
        assertThat(Files.readString(output(second))).contains(
                "org.springframework.boot.SpringApplication source: shared objects file (top)");
    }

    @Test
    void aKilledProcessLeavesNoArchiveAndARebuiltJarIsExtractedAfresh() throws Exception {
        Path jar = copyOfTheJar();
        ClassDataSharing sharing = ClassDataSharing.fromEnvironment("on");

        ClassDataSharing.Launch first = sharing.prepare(jar);
        Process killed = startAndAwaitStarted(first, List.of());
        killed.destroyForcibly();
        killed.waitFor();
        first.settle(killed);
        assertThat(first.archive()).doesNotExist();
        assertThat(sharing.prepare(jar).trains()).isTrue();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        ClassDataSharing.Launch rebuilt = sharing.prepare(jar);
        assertThat(rebuilt.extracted().getParent()).isNotEqualTo(first.extracted().getParent());
        assertThat(first.extracted().getParent()).doesNotExist();
        assertThat(rebuilt.extracted()).isRegularFile();
    }

    @Test
    void offStartsTheJarAsItIs() {
        List<String> command = List.of("java", "-Xmx256m", "-jar", "service.jar", "--server.port=1");

        ClassDataSharing.Launch launch = ClassDataSharing.fromEnvironment("off").prepare(Path.of("service.jar"));

        assertThat(launch.command(command)).isEqualTo(command);
        assertThat(launch.trains()).isFalse();
    }

    private Path copyOfTheJar() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        return Files.copy(BUILT_JAR, target.resolve(BUILT_JAR.getFileName()));
    }

    private Process startAndAwaitStarted(ClassDataSharing.Launch launch, List<String> extraOptions)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LocalSystem.JVM_OPTIONS);
        command.addAll(extraOptions);
        command.addAll(List.of("-jar", launch.jar().toString(), "--server.address=127.0.0.1", "--server.port=0"));
        Path output = output(launch);
        Files.deleteIfExists(output);
        Process process = new ProcessBuilder(launch.command(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        await().atMost(Duration.ofMinutes(2)).until(() -> !process.isAlive()
                || Files.readString(output).contains("Started ConsoleApplication"));
        assertThat(process.isAlive()).as("the console started; its output: %s", Files.readString(output)).isTrue();
        return process;
    }

    private Path output(ClassDataSharing.Launch launch) {
        return dir.resolve(launch.trains() ? "training.log" : "mapped.log");
    }
}
