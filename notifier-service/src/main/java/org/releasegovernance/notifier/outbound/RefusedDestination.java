package org.releasegovernance.notifier.outbound;

/** A URL the notifier will not call, with the rule it breaks. */
public class RefusedDestination extends Exception {

    /** The rules a destination must keep; {@link #slug()} names one in a problem document. */
    public enum Rule {
        VALID_URL("valid-url"),
        HTTP_OR_HTTPS("http-or-https"),
        HOST_REQUIRED("host-required"),
        PORT_IN_RANGE("port-in-range"),
        NO_USER_INFO("no-user-info"),
        RESOLVABLE_HOST("resolvable-host"),
        PUBLIC_ADDRESS("public-address");

        private final String slug;

        Rule(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Rule rule;

    public RefusedDestination(Rule rule, String reason) {
        super(reason);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
