package org.releasegovernance.local;

import java.util.Map;

/**
 * How many instances of each service the local system runs, and where the further ones listen. Instance 0 is the
 * service as one instance always ran it, on {@link LocalSettings#port(Service)}; instance {@code i} listens on that
 * port plus {@code i × portStep}, or on a free port when {@code portStep} is 0 (for tests).
 *
 * @param count    instances of each service, 1 to {@link #MAX}
 * @param portStep what each further instance adds to the first one's port; 0 for free ports
 */
public record Instances(int count, int portStep) {

    /** More would not fit two cores' worth of JVMs, and each runs with a 256 MiB heap. */
    public static final int MAX = 4;
    static final int DEFAULT_PORT_STEP = 10;
    static final String COUNT_VARIABLE = "RG_INSTANCES";
    static final String PORT_STEP_VARIABLE = "RG_INSTANCE_PORT_STEP";

    /** One instance of each service, exactly as the local run has always been. */
    public static final Instances ONE = new Instances(1, DEFAULT_PORT_STEP);

    public Instances {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException(COUNT_VARIABLE + " must be a whole number from 1 to " + MAX
                    + ", not " + count);
        }
        if (portStep < 0) {
            throw new IllegalArgumentException(PORT_STEP_VARIABLE + " must not be negative, not " + portStep);
        }
    }

    /** {@code count} instances of each service, the further ones on free ports of this machine. */
    public static Instances onFreePorts(int count) {
        return new Instances(count, 0);
    }

    /** {@code RG_INSTANCES} (default 1) and {@code RG_INSTANCE_PORT_STEP} (default 10). */
    public static Instances fromEnvironment(Map<String, String> env) {
        return new Instances(number(env, COUNT_VARIABLE, 1, "a whole number from 1 to " + MAX),
                number(env, PORT_STEP_VARIABLE, DEFAULT_PORT_STEP, "a whole number from 1 to 1000"));
    }

    /** Whether more than one instance of each service runs. */
    public boolean many() {
        return count > 1;
    }

    private static int number(Map<String, String> env, String name, int defaultValue, String expected) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (name.equals(COUNT_VARIABLE) ? number < 1 || number > MAX : number < 1 || number > 1000) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + expected + ", not '" + value + "'", e);
        }
    }
}
