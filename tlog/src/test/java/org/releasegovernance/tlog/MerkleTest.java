package org.releasegovernance.tlog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9162 trees: the published Certificate Transparency vectors, and every proof of every tree up to 64 leaves. */
class MerkleTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The RFC 6962 reference leaves and roots of sizes 1..8 (transparency-dev/merkle testonly, CT's C++ tests). */
    private static final List<String> CT_ENTRIES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> CT_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void rootsMatchTheCertificateTransparencyVectors() {
        List<byte[]> leaves = CT_ENTRIES.stream().map(HEX::parseHex).map(Merkle::leafHash).toList();

        assertThat(hex(Merkle.root(leaves, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int size = 1; size <= 8; size++) {
            assertThat(hex(Merkle.root(leaves, size))).as("size %d", size).isEqualTo(CT_ROOTS.get(size - 1));
        }
    }

    @Test
    void proofsMatchTheCertificateTransparencyVectors() {
        List<byte[]> leaves = CT_ENTRIES.stream().map(HEX::parseHex).map(Merkle::leafHash).toList();

        assertThat(Merkle.inclusionProof(leaves, 0, 8)).map(MerkleTest::hex).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(Merkle.inclusionProof(leaves, 5, 8)).map(MerkleTest::hex).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(Merkle.consistencyProof(leaves, 2, 8)).map(MerkleTest::hex).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    }

    @Test
    void everyInclusionProofOfEveryTreeUpTo64LeavesVerifiesAndNothingElseDoes() {
        List<byte[]> leaves = leaves(64);
        for (int size = 1; size <= 64; size++) {
            byte[] root = Merkle.root(leaves, size);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = Merkle.inclusionProof(leaves, index, size);
                assertThat(proves(index, size, leaves.get(index), proof, root))
                        .as("leaf %d of %d", index, size).isTrue();
                assertThat(proves(index, size, flipped(leaves.get(index)), proof, root))
                        .as("changed leaf %d of %d", index, size).isFalse();
                if (size > 1) {
                    int otherIndex = (index + 1) % size;
                    assertThat(proves(otherIndex, size, leaves.get(index), proof, root))
                            .as("leaf %d of %d at index %d", index, size, otherIndex).isFalse();
                    assertThat(proves(index, size, leaves.get(index), proof, flipped(root)))
                            .as("leaf %d of %d against a changed root", index, size).isFalse();
                }
                for (int i = 0; i < proof.size(); i++) {
                    List<byte[]> altered = new ArrayList<>(proof);
                    altered.set(i, flipped(proof.get(i)));
                    assertThat(proves(index, size, leaves.get(index), altered, root)).isFalse();
                }
            }
            assertThat(proves(size, size, leaves.get(0), List.of(), root)).isFalse();
        }
    }

    @Test
    void everyConsistencyProofBetweenTreesUpTo64LeavesVerifiesAndNothingElseDoes() {
        List<byte[]> leaves = leaves(64);
        for (int to = 1; to <= 64; to++) {
            byte[] toRoot = Merkle.root(leaves, to);
            for (int from = 1; from <= to; from++) {
                byte[] fromRoot = Merkle.root(leaves, from);
                List<byte[]> proof = Merkle.consistencyProof(leaves, from, to);
                assertThat(consistent(from, to, fromRoot, toRoot, proof))
                        .as("%d to %d", from, to).isTrue();
                assertThat(consistent(from, to, flipped(fromRoot), toRoot, proof))
                        .as("%d to %d with a changed old root", from, to).isFalse();
                assertThat(consistent(from, to, fromRoot, flipped(toRoot), proof))
                        .as("%d to %d with a changed new root", from, to).isFalse();
                for (int i = 0; i < proof.size(); i++) {
                    List<byte[]> altered = new ArrayList<>(proof);
                    altered.set(i, flipped(proof.get(i)));
                    assertThat(consistent(from, to, fromRoot, toRoot, altered)).isFalse();
                }
                if (from < to) {
                    List<byte[]> rewritten = new ArrayList<>(leaves);
                    rewritten.set(from - 1, flipped(leaves.get(from - 1)));
                    assertThat(consistent(from, to, fromRoot, Merkle.root(rewritten, to),
                            Merkle.consistencyProof(rewritten, from, to)))
                            .as("%d to %d after entry %d was rewritten", from, to, from - 1).isFalse();
                }
            }
        }
    }

    @Test
    void aFailedProofSaysWhyLikeTransparencyDevVerifyGo() {
        List<byte[]> leaves = leaves(13);
        byte[] root = Merkle.root(leaves, 13);
        List<byte[]> path = Merkle.inclusionProof(leaves, 7, 13);

        assertThatThrownBy(() -> Merkle.verifyInclusion(7, 13, leaves.get(7), path.subList(1, path.size()), root))
                .isInstanceOf(InvalidProof.class).hasMessage("wrong proof size 3, want 4");
        assertThatThrownBy(() -> Merkle.verifyInclusion(13, 13, leaves.get(7), path, root))
                .hasMessage("index 13 is beyond a tree of size 13");
        byte[] calculated = Merkle.root(leaves, 13);
        assertThatThrownBy(() -> Merkle.verifyInclusion(7, 13, leaves.get(7), path, flipped(root)))
                .isInstanceOfSatisfying(RootMismatch.class, mismatch -> {
                    assertThat(mismatch.expected()).isEqualTo(flipped(root));
                    assertThat(mismatch.calculated()).isEqualTo(calculated);
                })
                .hasMessage("calculated root " + base64(calculated) + " does not match expected root "
                        + base64(flipped(root)));
        assertThatThrownBy(() -> Merkle.verifyConsistency(5, 13, Merkle.root(leaves, 5), root, List.of()))
                .hasMessage("empty proof from size 5 to size 13");
        assertThatThrownBy(() -> Merkle.verifyConsistency(5, 4, root, root, List.of()))
                .hasMessage("no tree of size 5 is a prefix of a tree of size 4");
    }

    @Test
    void aCompactRangeGivesTheSameRootAsTheWholeTreeAndSurvivesBeingSaved() {
        List<byte[]> leaves = leaves(64);
        CompactRange range = CompactRange.empty();
        assertThat(range.root()).isEqualTo(Merkle.root(leaves, 0));
        for (int size = 1; size <= 64; size++) {
            range = CompactRange.of(range.size(), range.toBytes());
            range.append(leaves.get(size - 1));
            assertThat(range.root()).as("size %d", size).isEqualTo(Merkle.root(leaves, size));
        }
    }

    private static boolean proves(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        try {
            Merkle.verifyInclusion(index, size, leafHash, proof, root);
            return true;
        } catch (InvalidProof e) {
            return false;
        }
    }

    private static boolean consistent(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        try {
            Merkle.verifyConsistency(from, to, fromRoot, toRoot, proof);
            return true;
        } catch (InvalidProof e) {
            return false;
        }
    }

    private static List<byte[]> leaves(int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(Merkle.leafHash(new byte[] {(byte) i, (byte) (i * 7)}));
        }
        return leaves;
    }

    private static byte[] flipped(byte[] hash) {
        byte[] copy = hash.clone();
        copy[0] ^= 1;
        return copy;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
