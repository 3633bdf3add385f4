package org.releasegovernance.console.audit;

/**
 * The body of a C2SP checkpoint as the page shows it: origin line, tree size, base64 root hash, then a blank line
 * and the signatures. Only read for display; the signature is checked in the browser, not here.
 */
record SignedCheckpoint(String note, String origin, long treeSize, String root) {

    static SignedCheckpoint parse(String note) {
        String[] lines = note.split("\n", 4);
        if (lines.length < 4) {
            throw new IllegalArgumentException(
                    "a checkpoint has an origin, a size and a root line before its signatures");
        }
        try {
            return new SignedCheckpoint(note, lines[0], Long.parseUnsignedLong(lines[1]), lines[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a checkpoint's second line is its tree size; got '" + lines[1] + "'");
        }
    }
}
