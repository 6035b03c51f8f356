package io.resilienceradar.scoring.domain;

import java.util.List;

/** A rulebook that does not load; every problem names the characteristic, criterion and field it is about. */
public class RulebookException extends RuntimeException {
    private final List<String> problems;

    public RulebookException(List<String> problems) {
        super("invalid rulebook: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
