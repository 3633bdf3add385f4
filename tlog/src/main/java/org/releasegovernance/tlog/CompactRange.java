package org.releasegovernance.tlog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The root of a growing tree without keeping its leaves: the hashes of the perfect subtrees the leaves so far form
 * (one per set bit of the size, largest first). Appending is O(log n); the root folds them from the right, which is
 * MTH of RFC 9162 because its left subtrees are always the largest powers of two.
 */
public final class CompactRange {

    private long size;
    private final List<byte[]> subtrees;

    private CompactRange(long size, List<byte[]> subtrees) {
        this.size = size;
        this.subtrees = subtrees;
    }

    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /** Restores a range saved with {@link #toBytes()} for a tree of the given size. */
    public static CompactRange of(long size, byte[] saved) {
        if (saved.length != Long.bitCount(size) * Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("a compact range of size " + size + " holds " + Long.bitCount(size)
                    + " hashes, not " + saved.length + " bytes");
        }
        List<byte[]> subtrees = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(saved);
        while (buffer.hasRemaining()) {
            byte[] hash = new byte[Merkle.HASH_SIZE];
            buffer.get(hash);
            subtrees.add(hash);
        }
        return new CompactRange(size, subtrees);
    }

    public void append(byte[] leafHash) {
        byte[] hash = leafHash;
        // each trailing one bit of the old size is a subtree of the new leaf's height: merge it
        for (long bits = size; (bits & 1) == 1; bits >>= 1) {
            hash = Merkle.nodeHash(subtrees.remove(subtrees.size() - 1), hash);
        }
        subtrees.add(hash);
        size++;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        if (subtrees.isEmpty()) {
            return Merkle.sha256().digest();
        }
        byte[] root = subtrees.get(subtrees.size() - 1);
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            root = Merkle.nodeHash(subtrees.get(i), root);
        }
        return root;
    }

    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(subtrees.size() * Merkle.HASH_SIZE);
        subtrees.forEach(buffer::put);
        return buffer.array();
    }
}
