package org.releasegovernance.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merkle tree hashing, audit paths and consistency proofs exactly as RFC 9162 section 2.1 defines them (the same as
 * RFC 6962): leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right), the left subtree of a tree of n
 * leaves holding the largest power of two smaller than n. Trees are given as the list of their leaf hashes.
 */
public final class Merkle {

    public static final int HASH_SIZE = 32;

    private Merkle() {
    }

    /** SHA-256(0x00 || entry). */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x00);
        return sha256.digest(entry);
    }

    /** SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x01);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** MTH of the first {@code size} leaves; the hash of the empty string for size 0. */
    public static byte[] root(List<byte[]> leafHashes, int size) {
        checkSize(leafHashes, size);
        return size == 0 ? sha256().digest() : subtreeHash(leafHashes, 0, size);
    }

    /** PATH(index, D[size]): the audit path of leaf {@code index} in the tree of the first {@code size} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index, int size) {
        checkSize(leafHashes, size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, index, 0, size, path);
        return path;
    }

    /** PROOF(from, D[to]): the consistency proof between the trees of the first {@code from} and {@code to} leaves. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int from, int to) {
        checkSize(leafHashes, to);
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("no consistency proof from size " + from + " to size " + to);
        }
        List<byte[]> proof = new ArrayList<>();
        if (from > 0 && from < to) {
            subproof(leafHashes, from, 0, to, true, proof);
        }
        return proof;
    }

    /**
     * RFC 9162 section 2.1.3.2: checks that the audit path proves the leaf at {@code index} in the tree with that
     * root.
     *
     * @throws InvalidProof naming why not: the index is beyond the tree, the path has the wrong number of hashes, or
     *                      it leads to another root ({@link RootMismatch})
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws InvalidProof {
        if (index < 0 || index >= size) {
            throw new InvalidProof("index " + index + " is beyond a tree of size " + size);
        }
        verifyMatch(rootFromInclusionProof(index, size, leafHash, proof), root);
    }

    /**
     * RFC 9162 section 2.1.4.2: checks that the proof shows the tree of {@code from} leaves to be a prefix of the
     * tree of {@code to} leaves.
     *
     * @throws InvalidProof naming why not: the sizes shrink, the proof has the wrong number of hashes, or it leads
     *                      to other roots ({@link RootMismatch}, the old root checked first)
     */
    public static void verifyConsistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof)
            throws InvalidProof {
        if (from < 0 || from > to) {
            throw new InvalidProof("no tree of size " + from + " is a prefix of a tree of size " + to);
        }
        if (from == to) {
            if (!proof.isEmpty()) {
                throw new InvalidProof("wrong proof size " + proof.size() + ", want 0 between trees of one size");
            }
            verifyMatch(fromRoot, toRoot);
            return;
        }
        if (from == 0) {
            if (!proof.isEmpty()) {
                throw new InvalidProof("wrong proof size " + proof.size() + ", want 0 from the empty tree");
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new InvalidProof("empty proof from size " + from + " to size " + to);
        }
        int inner = innerProofSize(from - 1, to);
        int border = Long.bitCount((from - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(from);
        inner -= shift;
        // the old tree is a perfect subtree of the new one when its size is a power of two: its root is the seed
        boolean perfect = from == 1L << shift;
        byte[] seed = perfect ? fromRoot : proof.get(0);
        int start = perfect ? 0 : 1;
        checkProofSize(proof, start + inner + border);
        List<byte[]> path = proof.subList(start, proof.size());
        long mask = (from - 1) >>> shift;
        verifyMatch(chainBorderRight(chainInnerRight(seed, path.subList(0, inner), mask),
                path.subList(inner, path.size())), fromRoot);
        verifyMatch(chainBorderRight(chainInner(seed, path.subList(0, inner), mask),
                path.subList(inner, path.size())), toRoot);
    }

    private static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof)
            throws InvalidProof {
        if (leafHash.length != HASH_SIZE) {
            throw new InvalidProof("the leaf hash has " + leafHash.length + " bytes, want " + HASH_SIZE);
        }
        int inner = innerProofSize(index, size);
        int border = Long.bitCount(index >>> inner);
        checkProofSize(proof, inner + border);
        return chainBorderRight(chainInner(leafHash, proof.subList(0, inner), index),
                proof.subList(inner, proof.size()));
    }

    /** The hashes of a path below the point where the paths to {@code index} and to the last leaf part. */
    private static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
        byte[] hash = seed;
        for (int i = 0; i < proof.size(); i++) {
            hash = ((index >>> i) & 1) == 0 ? nodeHash(hash, proof.get(i)) : nodeHash(proof.get(i), hash);
        }
        return hash;
    }

    private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
        byte[] hash = seed;
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                hash = nodeHash(proof.get(i), hash);
            }
        }
        return hash;
    }

    private static byte[] chainBorderRight(byte[] seed, List<byte[]> proof) {
        byte[] hash = seed;
        for (byte[] sibling : proof) {
            hash = nodeHash(sibling, hash);
        }
        return hash;
    }

    private static void checkProofSize(List<byte[]> proof, int expected) throws InvalidProof {
        if (proof.size() != expected) {
            throw new InvalidProof("wrong proof size " + proof.size() + ", want " + expected);
        }
    }

    private static void verifyMatch(byte[] calculated, byte[] expected) throws RootMismatch {
        if (!Arrays.equals(calculated, expected)) {
            throw new RootMismatch(expected, calculated);
        }
    }

    /** The largest power of two smaller than n (n > 1): the size of the left subtree. */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] subtreeHash(List<byte[]> leaves, int from, int to) {
        if (to - from == 1) {
            return leaves.get(from);
        }
        int k = split(to - from);
        return nodeHash(subtreeHash(leaves, from, from + k), subtreeHash(leaves, from + k, to));
    }

    private static void path(List<byte[]> leaves, int index, int from, int to, List<byte[]> path) {
        if (to - from == 1) {
            return;
        }
        int k = split(to - from);
        if (index < from + k) {
            path(leaves, index, from, from + k, path);
            path.add(subtreeHash(leaves, from + k, to));
        } else {
            path(leaves, index, from + k, to, path);
            path.add(subtreeHash(leaves, from, from + k));
        }
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean wholeTree, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!wholeTree) {
                proof.add(subtreeHash(leaves, from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, wholeTree, proof);
            proof.add(subtreeHash(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, proof);
            proof.add(subtreeHash(leaves, from, from + k));
        }
    }

    private static void checkSize(List<byte[]> leafHashes, int size) {
        if (size < 0 || size > leafHashes.size()) {
            throw new IllegalArgumentException("tree size " + size + " is not between 0 and " + leafHashes.size());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
