/**
 * The SSRF guard: which destinations the notifier may call. An allow-list of globally routable unicast addresses,
 * with the IANA special-purpose blocks written out as data in {@code SpecialPurposeAddresses}.
 */
package org.releasegovernance.notifier.outbound;
