package org.releasegovernance.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the local run's inboxes (webhook requests, e-mails) share: a directory of files, emptied on every start. */
final class Inboxes {

    private Inboxes() {
    }

    /** Creates {@code dir} if it is missing and deletes the files an earlier run left in it. */
    static void empty(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
    }
}
