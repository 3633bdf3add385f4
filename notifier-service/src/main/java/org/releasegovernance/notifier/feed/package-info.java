/**
 * The public Atom feed of public releases, with stable entry ids and ETags.
 */
package org.releasegovernance.notifier.feed;
