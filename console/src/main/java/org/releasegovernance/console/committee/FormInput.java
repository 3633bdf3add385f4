package org.releasegovernance.console.committee;

import org.releasegovernance.console.api.Problem;

import java.util.Map;

/**
 * What a page's forms show: empty on a plain visit; after a refused decision, the refused form's input (so nothing
 * typed is lost) and the service's problem, shown next to that form only. Forms are named in the templates, e.g.
 * {@code vote} or {@code publish-r1}.
 */
public final class FormInput {

    private static final FormInput NONE = new FormInput(null, Map.of(), null);

    private final String form;
    private final Map<String, String> input;
    private final Problem problem;

    private FormInput(String form, Map<String, String> input, Problem problem) {
        this.form = form;
        this.input = input;
        this.problem = problem;
    }

    static FormInput none() {
        return NONE;
    }

    static FormInput refused(String form, Map<String, String> input, Problem problem) {
        return new FormInput(form, Map.copyOf(input), problem);
    }

    /** The value typed into {@code field} of {@code form} if that form was refused, else {@code fallback}. */
    public String value(String form, String field, String fallback) {
        return form.equals(this.form) ? input.getOrDefault(field, "") : fallback;
    }

    public String value(String form, String field) {
        return value(form, field, "");
    }

    /** Whether {@code option} was the choice in {@code field}, or is the {@code fallback} on a fresh form. */
    public boolean chose(String form, String field, String option, String fallback) {
        return option.equals(value(form, field, fallback));
    }

    /** The problem the service answered {@code form} with, or {@code null}. */
    public Problem problem(String form) {
        return form.equals(this.form) ? problem : null;
    }
}
