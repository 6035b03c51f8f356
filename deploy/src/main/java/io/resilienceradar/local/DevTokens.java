package io.resilienceradar.local;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/** Bearer tokens for the local run (signed with the machine's dev key, valid 24 h), written for curl to use. */
public record DevTokens(String publisher, String subscriber, String admin) {

    public static DevTokens write(DevKeys keys, Path dir) throws IOException {
        PrivateKey key;
        try {
            key = KeyUtils.decodePrivateKey(Files.readString(keys.privateKey()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + keys.privateKey(), e);
        }
        DevTokens tokens = new DevTokens(
                token(key, "dev-publisher", Set.of("publisher")),
                token(key, "dev-subscriber", Set.of("subscriber")),
                token(key, "dev-admin", Set.of("admin", "publisher", "subscriber")));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("publisher.jwt"), tokens.publisher());
        Files.writeString(dir.resolve("subscriber.jwt"), tokens.subscriber());
        Files.writeString(dir.resolve("admin.jwt"), tokens.admin());
        return tokens;
    }

    private static String token(PrivateKey key, String user, Set<String> roles) {
        return Jwt.issuer(DevKeys.ISSUER).upn(user).subject(user).groups(roles)
                .expiresIn(Duration.ofHours(24)).sign(key);
    }
}
