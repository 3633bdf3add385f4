package org.releasegovernance.console.subscriptions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A list typed into one text field ("StageReleased, StageApproved"), as the API's JSON array. */
final class Names {

    private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");

    private Names() {
    }

    /** The names in {@code text}, split at commas, semicolons or white space, each once, in the order typed. */
    static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : SEPARATORS.split(text.strip())) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** The list as it is typed back into the field. */
    static String format(List<String> names) {
        return String.join(", ", names);
    }
}
