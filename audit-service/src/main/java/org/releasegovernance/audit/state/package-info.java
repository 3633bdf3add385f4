/** A release's state as of any instant, folded from the log, and anomalies of the releases' sequences. */
package org.releasegovernance.audit.state;
