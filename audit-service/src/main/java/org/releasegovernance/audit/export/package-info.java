/** The export of the log as JSON Lines, for the offline verifier (module audit-verifier). */
package org.releasegovernance.audit.export;
