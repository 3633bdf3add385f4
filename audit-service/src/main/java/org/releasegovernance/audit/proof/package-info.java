/** RFC 9162 inclusion and consistency proofs over the log, and the verification of the stored log. */
package org.releasegovernance.audit.proof;
