package io.resilienceradar.ingest.domain;

import java.util.Set;

/** ONS data markings: kept as the observation's status (value null), never treated as errors. */
public final class Markings {
    public static final Set<String> ALL = Set.of("*", "..", "x", ":");

    public static boolean isMarking(String s) {
        if (s == null) {
            return false;
        }
        String t = s.trim();
        return t.length() <= 2 && ALL.contains(t); // no hashing of every observation value
    }

    private Markings() {
    }
}
