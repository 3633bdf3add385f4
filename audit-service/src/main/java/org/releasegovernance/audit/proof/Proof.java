package org.releasegovernance.audit.proof;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A Merkle proof.
 *
 * @param leafHash the proven entry's leaf hash (base64), for inclusion proofs
 * @param hashes   the RFC 9162 audit path or consistency proof, base64, in the RFC's order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Proof(String leafHash, List<String> hashes) {
}
