package io.resilienceradar.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An RSA key pair for signing and verifying bearer tokens (RS256) outside production, generated on the
 * machine (never committed): the services verify with the public key, tests and the local run sign with
 * the private one. Production points the services at its identity provider's key instead.
 */
public record DevKeys(Path publicKey, Path privateKey) {
    public static final String ISSUER = "https://resilience-radar.local";

    /** Reuses the pair in {@code dir} if present, else generates one. */
    public static DevKeys in(Path dir) throws IOException {
        Path pub = dir.resolve("jwt-public.pem");
        Path priv = dir.resolve("jwt-private.pem");
        if (Files.exists(pub) && Files.exists(priv)) {
            return new DevKeys(pub, priv);
        }
        Files.createDirectories(dir);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return new DevKeys(pub, priv);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
