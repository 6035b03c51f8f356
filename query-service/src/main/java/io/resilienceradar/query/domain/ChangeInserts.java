package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inserts transitions with one multi-row statement per chunk (a release can emit well over a thousand; a round
 * trip each was the webhook's latency): {@code INSERT ... SELECT FROM unnest(arrays) ... ON CONFLICT (event_id) DO
 * NOTHING RETURNING event_id}. The rows are inserted in the order given ({@code WITH ORDINALITY ... ORDER BY}), so
 * {@code seq} keeps partition order per town, and RETURNING names exactly the ones that were new.
 */
final class ChangeInserts {
    /** Rows per statement: bounds the size of one statement's arrays. */
    static final int CHUNK = 1000;

    private static final String SQL = """
            INSERT INTO characteristic_change (event_id, town_code, town_name, region, characteristic_id, letter,
                transition, previous, current, profile_revision, rulebook_version, occurred_at, body)
            SELECT e, t, tn, r, ci, l, tr, p, cu, pr, rv, oa::timestamptz, b::jsonb
            FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                        ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::text[])
                WITH ORDINALITY AS x (e, t, tn, r, ci, l, tr, p, cu, pr, rv, oa, b, ord)
            ORDER BY ord
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    private ChangeInserts() {
    }

    /** @return the changes that were not stored before, in the order given (a repeated id counts once) */
    static List<CharacteristicChanged> insertNew(Connection c, List<CharacteristicChanged> changes) throws SQLException {
        // a redelivered batch can hold the same event twice: the first occurrence is the one that counts
        Map<String, CharacteristicChanged> distinct = new LinkedHashMap<>();
        changes.forEach(ch -> distinct.putIfAbsent(ch.eventId(), ch));
        List<CharacteristicChanged> candidates = new ArrayList<>(distinct.values());
        List<CharacteristicChanged> stored = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SQL)) {
            for (int from = 0; from < candidates.size(); from += CHUNK) {
                List<CharacteristicChanged> chunk = candidates.subList(from, Math.min(candidates.size(), from + CHUNK));
                bind(c, s, chunk);
                Set<String> inserted = new HashSet<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
                chunk.stream().filter(ch -> inserted.contains(ch.eventId())).forEach(stored::add);
            }
        }
        return stored;
    }

    private static void bind(Connection c, PreparedStatement s, List<CharacteristicChanged> chunk) throws SQLException {
        int n = chunk.size();
        String[][] text = new String[12][n];
        Long[] revisions = new Long[n];
        for (int i = 0; i < n; i++) {
            CharacteristicChanged ch = chunk.get(i);
            text[0][i] = ch.eventId();
            text[1][i] = ch.townCode();
            text[2][i] = ch.townName();
            text[3][i] = ch.region();
            text[4][i] = ch.characteristicId();
            text[5][i] = ch.letter();
            text[6][i] = ch.transition().name();
            text[7][i] = ch.previous() == null ? null : ch.previous().name();
            text[8][i] = ch.current() == null ? null : ch.current().name();
            revisions[i] = ch.profileRevision();
            text[9][i] = ch.rulebookVersion();
            text[10][i] = Materialiser.time(ch.occurredAt()).toString();
            text[11][i] = Json.writeString(ch);
        }
        for (int col = 0; col < 9; col++) {
            s.setArray(col + 1, c.createArrayOf("varchar", text[col]));
        }
        s.setArray(10, c.createArrayOf("int8", revisions));
        s.setArray(11, c.createArrayOf("varchar", text[9]));
        s.setArray(12, c.createArrayOf("varchar", text[10]));
        s.setArray(13, c.createArrayOf("text", text[11]));
    }
}
