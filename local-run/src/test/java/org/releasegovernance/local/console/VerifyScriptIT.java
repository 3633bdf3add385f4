package org.releasegovernance.local.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteSigner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's in-browser check ({@code static/js/verify.js}) against what the tlog module, which the audit service
 * and the offline verifier use, computes: every inclusion proof of trees of 1 to 17 leaves leads to tlog's root, a
 * note tlog signed opens with tlog's verifier key, and an altered byte of a proof, of the signed text or of the
 * signature is refused. Runs the script as the page does, in headless Chromium's WebCrypto.
 */
class VerifyScriptIT {

    private static final Path SCRIPT = Path.of(System.getProperty("console.module-dir", "."))
            .resolveSibling("console").resolve("src/main/resources/static/js/verify.js").toAbsolutePath();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private static ConsoleBrowser browser;

    @BeforeAll
    static void openThePageWithTheScript() throws IOException {
        // A file: page is a secure context, so WebCrypto is there; the script is run in it as the page runs it.
        Path page = Files.createDirectories(ConsoleBrowser.OUTPUT).resolve("verify-script.html");
        Files.writeString(page, "<!DOCTYPE html><html lang=\"en\"><title>verify.js</title><body></body></html>");
        browser = ConsoleBrowser.open(page.toUri().toString());
        browser.driver().get(page.toUri().toString());
        browser.script(Files.readString(SCRIPT, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyInclusionProofLeadsToTheRootTlogComputes() {
        List<byte[]> entries = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            byte[] entry = ("{\"id\":\"event-" + i + "\"}").getBytes(StandardCharsets.UTF_8);
            entries.add(entry);
            leaves.add(Merkle.leafHash(entry));
        }
        for (int size = 1; size <= leaves.size(); size++) {
            String root = BASE64.encodeToString(Merkle.root(leaves, size));
            for (int index = 0; index < size; index++) {
                List<String> proof = Merkle.inclusionProof(leaves, index, size).stream()
                        .map(BASE64::encodeToString).toList();
                assertThat(rootInBrowser(entries.get(index), index, size, proof, false))
                        .as("root of entry %d in a tree of %d", index, size).isEqualTo(root);
                if (!proof.isEmpty()) {
                    assertThat(rootInBrowser(entries.get(index), index, size, proof, true))
                            .as("root of entry %d in a tree of %d with a proof byte altered", index, size)
                            .isNotEqualTo(root);
                }
            }
        }
    }

    @Test
    void aProofOfTheWrongLengthIsRefused() {
        byte[] entry = "{}".getBytes(StandardCharsets.UTF_8);
        List<byte[]> leaves = List.of(Merkle.leafHash(entry), Merkle.leafHash(new byte[]{1}),
                Merkle.leafHash(new byte[]{2}));
        List<String> proof = new ArrayList<>(Merkle.inclusionProof(leaves, 0, 3).stream()
                .map(BASE64::encodeToString).toList());

        assertThat(rootInBrowser(entry, 0, 3, proof.subList(0, 1), false))
                .startsWith("error: the proof has 1 hashes, fewer");
        proof.add(proof.get(0));
        assertThat(rootInBrowser(entry, 0, 3, proof, false)).startsWith("error: the proof has 3 hashes, more");
    }

    @Test
    void aNoteTlogSignedOpensWithItsVerifierKeyAndAnAlteredOneDoesNot() {
        NoteSigner signer = NoteSigner.generate("example.org/test-log");
        String text = "example.org/test-log\n5\n" + BASE64.encodeToString(new byte[32]) + "\n";
        String note = signer.sign(text);

        assertThat(openInBrowser(note, signer.verifierKey())).isEqualTo("opened 5");
        assertThat(openInBrowser(note.replaceFirst("\n5\n", "\n6\n"), signer.verifierKey()))
                .isEqualTo("error: the checkpoint carries no valid Ed25519 signature by example.org/test-log");
        int signatureAt = note.lastIndexOf(' ') + 10;
        String alteredSignature = note.substring(0, signatureAt)
                + (note.charAt(signatureAt) == 'A' ? 'B' : 'A') + note.substring(signatureAt + 1);
        assertThat(openInBrowser(alteredSignature, signer.verifierKey())).startsWith("error: ");
        assertThat(openInBrowser(note, NoteSigner.generate("example.org/test-log").verifierKey()))
                .startsWith("error: the checkpoint carries no valid Ed25519 signature");
        assertThat(openInBrowser(note, signer.verifierKey().replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+")))
                .isEqualTo("error: the verifier key's hash does not match its name and key");
    }

    private static String rootInBrowser(byte[] entry, int index, int size, List<String> proof, boolean tamper) {
        return String.valueOf(((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const [entry, index, size, proof, tamper, done] = arguments;
                const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
                const hashes = proof.map(bytes);
                if (tamper) { hashes[0][31] ^= 0x80; }
                (async () => {
                  const leaf = await rgVerify.leafHash(bytes(entry));
                  const root = await rgVerify.rootFromInclusionProof(index, size, leaf, hashes);
                  return btoa(String.fromCharCode(...root));
                })().then(done, (e) => done('error: ' + e.message));""",
                BASE64.encodeToString(entry), index, size, proof, tamper));
    }

    private static String openInBrowser(String note, String verifierKey) {
        return String.valueOf(((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const [note, verifierKey, done] = arguments;
                (async () => {
                  const verifier = await rgVerify.parseVerifierKey(verifierKey);
                  const checkpoint = rgVerify.parseCheckpoint(await rgVerify.openNote(note, verifier), verifier.name);
                  return 'opened ' + checkpoint.size;
                })().then(done, (e) => done('error: ' + e.message));""", note, verifierKey));
    }
}
