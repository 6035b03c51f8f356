package io.resilienceradar.scoring.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A dictionary of strings (area codes, release ids) to dense int indexes, in order of first use. */
final class Codes {
    private final Map<String, Integer> index;
    private final List<String> codes;

    Codes() {
        index = new HashMap<>();
        codes = new ArrayList<>();
    }

    private Codes(Codes other) {
        index = new HashMap<>(other.index);
        codes = new ArrayList<>(other.codes);
    }

    Codes copy() {
        return new Codes(this);
    }

    /** The index of {@code code}, added when new. */
    int add(String code) {
        Integer i = index.get(code);
        if (i == null) {
            i = codes.size();
            index.put(code, i);
            codes.add(code);
        }
        return i;
    }

    /** The index of {@code code}, or -1 when it was never added. */
    int find(String code) {
        Integer i = index.get(code);
        return i == null ? -1 : i;
    }

    String code(int i) {
        return codes.get(i);
    }

    int size() {
        return codes.size();
    }
}
