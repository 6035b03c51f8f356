package io.resilienceradar.local;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The receiving side of <a href="https://www.standardwebhooks.com">Standard Webhooks</a>, written from the
 * specification (not from query-service's signer): the secret is {@code whsec_} + base64(key); the signed content is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}; {@code webhook-signature} is a space-separated list of
 * {@code v1,base64(HMAC-SHA256(key, content))}, one of which must match (compared in constant time); the timestamp
 * must be within {@link #TOLERANCE} of now, against replays.
 */
public final class WebhookVerifier {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "whsec_";

    /** The outcome; {@code reason} says why a delivery failed verification. */
    public record Result(boolean verified, String reason) {
        static Result ok() {
            return new Result(true, "signature v1 verified");
        }

        static Result failed(String reason) {
            return new Result(false, reason);
        }
    }

    public static Result verify(String secret, String id, String timestamp, String signatures, String body, Instant now) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null || signatures.isBlank()) {
            return Result.failed("missing webhook-id, webhook-timestamp or webhook-signature header");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Result.failed("webhook-timestamp is not a number of seconds: " + timestamp);
        }
        if (Math.abs(now.getEpochSecond() - ts) > TOLERANCE.toSeconds()) {
            return Result.failed("webhook-timestamp " + ts + " is more than " + TOLERANCE.toMinutes() + " min from now");
        }
        byte[] expected;
        try {
            expected = hmac(secret, id + "." + ts + "." + body);
        } catch (IllegalArgumentException e) {
            return Result.failed("secret is not whsec_ + base64: " + e.getMessage());
        }
        for (String candidate : signatures.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !"v1".equals(candidate.substring(0, comma))) {
                continue; // another scheme (e.g. v1a): not ours to check
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return Result.ok();
            }
        }
        return Result.failed("no v1 signature matches (wrong secret or altered id, timestamp or body)");
    }

    /** {@code v1,} + base64(HMAC-SHA256(key, id.timestamp.body)): what a sender puts in {@code webhook-signature}. */
    public static String sign(String secret, String id, long timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id + "." + timestamp + "." + body));
    }

    private static byte[] hmac(String secret, String content) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private WebhookVerifier() {
    }
}
