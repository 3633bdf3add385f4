package org.releasegovernance.notifier.web;

/** The addressed resource does not exist; answered with 404. */
public class NotFound extends RuntimeException {

    private final String slug;

    public NotFound(String slug, String detail) {
        super(detail);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
