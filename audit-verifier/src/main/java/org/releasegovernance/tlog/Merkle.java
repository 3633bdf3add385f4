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

    /** RFC 9162 section 2.1.3.2: does the audit path prove that the leaf is at {@code index} in the tree? */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 section 2.1.4.2: does the proof show that the tree of {@code from} leaves is a prefix of the other? */
    public static boolean verifyConsistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        if (from < 0 || from > to) {
            return false;
        }
        if (from == to) {
            return proof.isEmpty() && Arrays.equals(fromRoot, toRoot);
        }
        if (from == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(from) == 1) {
            path.add(0, fromRoot);
        }
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, fromRoot) && Arrays.equals(sr, toRoot);
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
