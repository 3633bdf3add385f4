/**
 * Consumption of the governance topic: CloudEvents in, log entries (or unreadable records) out, offsets committed
 * only after the database transaction.
 */
package org.releasegovernance.audit.messaging;
