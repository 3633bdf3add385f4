/**
 * The SSRF guard: which destinations the notifier may call.
 */
package org.releasegovernance.notifier.outbound;
