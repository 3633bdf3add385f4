package org.releasegovernance.console.api;

/** A service refused a call (4xx/5xx) or could not be reached; the problem says why in the service's words. */
public class ApiRefusal extends RuntimeException {

    private final transient Problem problem;

    public ApiRefusal(Problem problem) {
        super(problem.status() + " " + problem.title() + (problem.rule() == null ? "" : " (" + problem.rule() + ")"));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
