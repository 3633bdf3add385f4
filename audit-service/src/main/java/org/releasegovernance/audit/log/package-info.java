/**
 * The audit log: every governance event stored once, append-only, under a dense log index in commit order, and the
 * auditors' read API over it.
 */
package org.releasegovernance.audit.log;
