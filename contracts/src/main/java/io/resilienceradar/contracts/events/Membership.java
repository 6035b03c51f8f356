package io.resilienceradar.contracts.events;

/** A town's standing in one characteristic. */
public enum Membership {
    /** Fewer than all-but-one criteria met. */
    NONE,
    /** All criteria but one met. */
    PARTIAL,
    /** All criteria met. */
    FULL,
    /** A criterion had no data for the town: never silently "not a member". */
    INSUFFICIENT_DATA
}
