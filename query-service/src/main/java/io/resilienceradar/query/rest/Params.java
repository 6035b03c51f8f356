package io.resilienceradar.query.rest;

import io.resilienceradar.contracts.events.Transition;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Parsing and validating query parameters into 400 problems. */
final class Params {
    static final int MAX_LIMIT = 1000;

    private Params() {
    }

    /** Repeated parameters and comma-separated values are the same thing: {@code ?c=G&c=E} == {@code ?c=G,E}. */
    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
            }
        }
        return out;
    }

    static int limit(Integer limit, int defaultLimit) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            throw ProblemException.badRequest("offset must not be negative");
        }
        return offset;
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant such as 2024-06-01T00:00:00Z");
        }
    }

    /** full | partial | any (default any = full or partial). */
    static List<String> memberships(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : split(values)) {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "full" -> out.add("FULL");
                case "partial" -> out.add("PARTIAL");
                case "any" -> {
                    out.add("FULL");
                    out.add("PARTIAL");
                }
                default -> throw ProblemException.badRequest("membership must be full, partial or any");
            }
        }
        return out.isEmpty() ? List.of("FULL", "PARTIAL") : out.stream().distinct().toList();
    }

    static List<String> transitions(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : split(values)) {
            try {
                out.add(Transition.valueOf(v.toUpperCase(Locale.ROOT)).name());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown transition " + v + "; one of " + Arrays.toString(Transition.values()));
            }
        }
        return out;
    }

    static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw ProblemException.badRequest(name + " must be true or false");
        };
    }
}
