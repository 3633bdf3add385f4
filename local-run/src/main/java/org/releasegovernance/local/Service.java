package org.releasegovernance.local;

/** The three services, with the module each one's runnable jar is built in. */
public enum Service {
    GOVERNANCE("governance-service"),
    AUDIT("audit-service"),
    NOTIFIER("notifier-service");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }

    /** The runnable jar the module's build produces. */
    public String jarName(String version) {
        return module + "-" + version + "-exec.jar";
    }
}
