/**
 * The auditor's pages: the signed checkpoint, anomalies, the service's own check, replays and the export
 * ({@code /audit}); a release's history and its state on a past date ({@code /audit/releases/{id}}); and the JSON the
 * page's own script ({@code static/js/verify.js}) fetches to check an entry's inclusion and the checkpoint's
 * signature in the browser, without trusting this server or the audit service.
 */
package org.releasegovernance.console.audit;
