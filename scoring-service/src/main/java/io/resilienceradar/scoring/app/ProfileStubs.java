package io.resilienceradar.scoring.app;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.TownProfile;

import java.util.List;

/**
 * A deferred profile is stored as its stub, the {@link TownProfile} with no characteristics (town, revision, cause,
 * time, rulebook: everything not derivable later), and completed with the characteristics when it is relayed.
 */
public final class ProfileStubs {
    private ProfileStubs() {
    }

    public static byte[] stub(TownProfile profile) {
        return Json.write(withCharacteristics(profile, List.of()));
    }

    public static TownProfile read(byte[] stub) {
        return Json.read(stub, TownProfile.class);
    }

    /** The full profile's JSON: the stub's fields and these characteristics. */
    public static byte[] render(TownProfile stub, List<CharacteristicState> characteristics) {
        return Json.write(complete(stub, characteristics));
    }

    /** The full profile: the stub's fields and these characteristics. */
    public static TownProfile complete(TownProfile stub, List<CharacteristicState> characteristics) {
        return withCharacteristics(stub, characteristics);
    }

    private static TownProfile withCharacteristics(TownProfile p, List<CharacteristicState> characteristics) {
        return new TownProfile(p.schemaVersion(), p.townCode(), p.townName(), p.region(), p.country(), p.sizeClass(),
                p.coastal(), p.rulebookVersion(), p.revision(), p.computedAt(), p.causedBy(), characteristics);
    }
}
