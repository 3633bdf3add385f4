/** Replays of the Kafka topic into fresh tables, compared with the live log's signed checkpoint. */
package org.releasegovernance.audit.replay;
