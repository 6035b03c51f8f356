package io.resilienceradar.ingest.parse;

import io.resilienceradar.ingest.domain.Columns;
import io.resilienceradar.ingest.domain.RawRow;

/** Receives each row a reader finds, in file order. */
@FunctionalInterface
public interface RowSink {
    void row(RawRow row, Columns columns) throws java.io.IOException;
}
