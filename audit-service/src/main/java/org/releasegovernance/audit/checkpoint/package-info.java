/**
 * Signed checkpoints: after each append the log's size and root hash are signed with Ed25519 as a C2SP
 * tlog-checkpoint inside a C2SP signed note, and every checkpoint is kept.
 */
package org.releasegovernance.audit.checkpoint;
