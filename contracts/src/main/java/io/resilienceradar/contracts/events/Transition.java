package io.resilienceradar.contracts.events;

/** How a town's membership of a characteristic moved. */
public enum Transition {
    GAINED, BECAME_PARTIAL, REDUCED_TO_PARTIAL, LOST, BECAME_INSUFFICIENT_DATA, BECAME_NONE, EVIDENCE_CHANGED;

    public static Transition of(Membership before, Membership after) {
        if (before == after) {
            return EVIDENCE_CHANGED;
        }
        return switch (after) {
            case FULL -> GAINED;
            case PARTIAL -> before == Membership.FULL ? REDUCED_TO_PARTIAL : BECAME_PARTIAL;
            case NONE -> before == Membership.FULL || before == Membership.PARTIAL ? LOST : BECAME_NONE;
            case INSUFFICIENT_DATA -> BECAME_INSUFFICIENT_DATA;
        };
    }
}
