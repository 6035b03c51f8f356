package io.resilienceradar.scoring.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.TownProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serialises whole town profiles for the profile relay, byte for byte as {@link Json#write} does, but with the JSON
 * of each {@link CharacteristicState} kept (by value, least recently used dropped first) and written raw. A profile
 * is 14 characteristic states, and a release usually changes only the few whose indicators it touched: the other
 * states are equal values, so rendering a release's 1,371 profiles serialises only the changed ones anew (rendering
 * every state afresh was most of the profile relay's CPU, taken from the cores the next release is applied on).
 */
final class ProfileJson {
    /** About 1.3 releases' worth of states for every town (1,371 × 14): the states in use stay, old ones age out. */
    private static final int MAX_STATES = 24_000;

    private final ObjectWriter stateWriter = Json.MAPPER.writerFor(CharacteristicState.class);
    private final Map<CharacteristicState, SerializedString> states =
            new LinkedHashMap<>(MAX_STATES * 4 / 3, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CharacteristicState, SerializedString> eldest) {
            return size() > MAX_STATES;
        }
    };
    private final ObjectMapper mapper;

    ProfileJson() {
        SimpleModule module = new SimpleModule("kept-characteristic-states");
        module.addSerializer(CharacteristicState.class, new StdSerializer<>(CharacteristicState.class) {
            @Override
            public void serialize(CharacteristicState state, JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                gen.writeRawValue(json(state));
            }
        });
        mapper = Json.MAPPER.copy().registerModule(module);
    }

    /** The profile's contract JSON (UTF-8), the same bytes as {@code Json.write(profile)}. */
    synchronized byte[] write(TownProfile profile) {
        try {
            return mapper.writeValueAsBytes(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SerializedString json(CharacteristicState state) throws IOException {
        SerializedString json = states.get(state);
        if (json == null) {
            // rendered by the UTF-8 generator Json.write uses, not to a String: that generator escapes characters
            // outside the BMP (\uD83C\uDF0A) where a String's generator keeps them. The bytes are valid UTF-8, so
            // decoding them here and encoding them again (kept by SerializedString) gives them back unchanged.
            json = new SerializedString(new String(stateWriter.writeValueAsBytes(state), StandardCharsets.UTF_8));
            states.put(state, json);
        }
        return json;
    }
}
