/**
 * Reading the governance topic, the parts both consumers share: the topics and the retry back-off
 * ({@link org.releasegovernance.intake.EventsProperties}) and the store of records that are not readable governance
 * events ({@link org.releasegovernance.intake.UnreadableRecords}). How each service consumes stays its own: the audit
 * log's ordered single-partition feed, the notifier's partitioned listener.
 */
package org.releasegovernance.intake;
