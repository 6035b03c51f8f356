package io.resilienceradar.ingest.parse;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a CSV as String[] rows with Jackson CSV, counting physical lines for problem reports. Reads the parser's
 * tokens directly (each row is an array of strings) rather than data-binding every row to String[], which cost a
 * deserializer call and a growing buffer per row on a 10-million-row release.
 */
final class CsvRows implements AutoCloseable {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    private final CsvParser parser;
    private final List<String> cells = new ArrayList<>();
    private long line;

    CsvRows(Reader in) throws IOException {
        parser = (CsvParser) MAPPER.getFactory().createParser(in);
        JsonToken first = parser.nextToken(); // WRAP_AS_ARRAY: the rows are the elements of one outer array
        if (first != null && first != JsonToken.START_ARRAY) {
            throw new IOException("unexpected CSV token " + first);
        }
    }

    /** Next row, or null at the end. */
    String[] next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.END_ARRAY) {
            return null;
        }
        cells.clear();
        if (t == JsonToken.START_ARRAY) {
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY && t != null) {
                cells.add(parser.getText());
            }
        } else {
            cells.add(parser.getText());
        }
        line++;
        return cells.toArray(new String[0]);
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
        parser.close();
    }
}
