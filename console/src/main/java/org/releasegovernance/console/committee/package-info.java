/**
 * The committee's pages (CHAIR, MEMBER, EXPERT): the release board, a release, a stage, and a form for every decision
 * the governance API takes on them. Pages render the API's answers as they are; a refused decision shows the
 * service's problem next to the form that sent it, with the input kept.
 */
package org.releasegovernance.console.committee;
