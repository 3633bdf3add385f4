package org.releasegovernance.tlog;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed notes and checkpoints in the transparency-log ecosystem's formats, byte for byte. */
class SignedNoteTest {

    /** The example of golang.org/x/mod/sumdb/note's documentation. */
    private static final String GO_SIGNER_KEY =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void signingReproducesTheGoReferenceNote() {
        NoteSigner signer = NoteSigner.parse(GO_SIGNER_KEY);

        assertThat(signer.verifierKey()).isEqualTo(GO_VERIFIER_KEY);
        assertThat(signer.signerKey()).isEqualTo(GO_SIGNER_KEY);
        assertThat(signer.sign(GO_TEXT)).isEqualTo(GO_NOTE);
    }

    @Test
    void theGoReferenceNoteVerifiesAndAChangedOneDoesNot() {
        NoteVerifier verifier = NoteVerifier.parse(GO_VERIFIER_KEY);

        assertThat(verifier.verify(GO_NOTE)).isEqualTo(GO_TEXT);
        assertThatThrownBy(() -> verifier.verify(GO_NOTE.replace("problem,", "problem;")))
                .hasMessageContaining("no valid signature");
    }

    @Test
    void everyCutOrPaddedNoteIsRefusedAsMalformedNeverWithAnotherError() {
        NoteVerifier verifier = NoteVerifier.parse(GO_VERIFIER_KEY);

        for (int length = 0; length < GO_NOTE.length(); length++) {
            for (String padding : new String[] {"", "\n", "\n\n", " \n"}) {
                String note = GO_NOTE.substring(0, length) + padding;
                if (note.equals(GO_NOTE)) {
                    continue; // the whole note, its last newline given back
                }
                assertThatThrownBy(() -> verifier.verify(note)).as("note %s", note.replace("\n", "\\n"))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThatThrownBy(() -> verifier.verify(GO_NOTE + "\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRefused() {
        NoteSigner ours = NoteSigner.generate("releasegovernance.org/audit");
        NoteSigner impostor = NoteSigner.generate("releasegovernance.org/audit");
        Checkpoint checkpoint = new Checkpoint("releasegovernance.org/audit", 8,
                HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

        String note = ours.sign(checkpoint.body());

        assertThat(note).isEqualTo("releasegovernance.org/audit\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
                + note.substring(note.indexOf("\n\n")));
        assertThat(Checkpoint.parse(NoteVerifier.parse(ours.verifierKey()).verify(note))).usingRecursiveComparison()
                .isEqualTo(checkpoint);
        assertThatThrownBy(() -> NoteVerifier.parse(impostor.verifierKey()).verify(note))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCheckpointIsOpenedOnlyForItsOwnOriginEvenWhenTheKeySignedIt() {
        NoteSigner logKey = NoteSigner.generate("releasegovernance.org/audit");
        NoteVerifier verifier = NoteVerifier.parse(logKey.verifierKey());
        byte[] root = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

        String ours = logKey.sign(new Checkpoint("releasegovernance.org/audit", 8, root).body());
        String otherLogs = logKey.sign(new Checkpoint("releasegovernance.org/staging-audit", 8, root).body());

        assertThat(Checkpoint.open(ours, "releasegovernance.org/audit", verifier).size()).isEqualTo(8);
        assertThat(verifier.verify(otherLogs)).startsWith("releasegovernance.org/staging-audit\n");
        assertThatThrownBy(() -> Checkpoint.open(otherLogs, "releasegovernance.org/audit", verifier))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the checkpoint is for origin \"releasegovernance.org/staging-audit\", not for the "
                        + "expected \"releasegovernance.org/audit\"");
    }
}
