/**
 * The public Atom feed of public releases and published reviews, with stable entry ids and ETags.
 */
package org.releasegovernance.notifier.feed;
