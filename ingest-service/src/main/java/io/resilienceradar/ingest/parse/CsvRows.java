package io.resilienceradar.ingest.parse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.Reader;

/** Streams a CSV as String[] rows with Jackson CSV, counting physical lines for problem reports. */
final class CsvRows implements AutoCloseable {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    private final MappingIterator<String[]> it;
    private long line;

    CsvRows(Reader in) throws IOException {
        it = MAPPER.readerFor(String[].class).readValues(in);
    }

    /** Next row, or null at the end. */
    String[] next() throws IOException {
        if (!it.hasNextValue()) {
            return null;
        }
        String[] row = it.nextValue();
        line++;
        return row;
    }

    long line() {
        return line;
    }

    static boolean blank(String[] row) {
        for (String s : row) {
            if (s != null && !s.isBlank()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        it.close();
    }
}
