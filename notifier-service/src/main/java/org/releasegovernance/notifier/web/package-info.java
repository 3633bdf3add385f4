/**
 * Problem documents (RFC 9457) for refused requests.
 */
package org.releasegovernance.notifier.web;
