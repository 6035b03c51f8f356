package io.resilienceradar.local;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's receiver-side check of Standard Webhooks signatures, on the specification's reference vector. */
class WebhookVerifierTest {
    // the test vector of the Standard Webhooks reference libraries
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant NOW = Instant.ofEpochSecond(TS);

    @Test
    void signsAndVerifiesTheReferenceVector() {
        assertThat(WebhookVerifier.sign(SECRET, ID, TS, BODY)).isEqualTo(SIGNATURE);
        WebhookVerifier.Result r = WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), SIGNATURE, BODY, NOW);
        assertThat(r.verified()).isTrue();
        assertThat(r.reason()).isEqualTo("signature v1 verified");
    }

    @Test
    void anAlteredBodyIdOrTimestampOrAnotherSecretFails() {
        assertThat(WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), SIGNATURE, "{\"test\": 2432232315}", NOW).verified()).isFalse();
        assertThat(WebhookVerifier.verify(SECRET, "msg_other", String.valueOf(TS), SIGNATURE, BODY, NOW).verified()).isFalse();
        assertThat(WebhookVerifier.verify(SECRET, ID, String.valueOf(TS + 1), SIGNATURE, BODY, NOW).verified()).isFalse();
        WebhookVerifier.Result other = WebhookVerifier.verify("whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", ID,
                String.valueOf(TS), SIGNATURE, BODY, NOW);
        assertThat(other.verified()).isFalse();
        assertThat(other.reason()).contains("no v1 signature matches");
    }

    @Test
    void timestampsOutsideFiveMinutesAreRefusedAgainstReplay() {
        assertThat(WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), SIGNATURE, BODY, NOW.plusSeconds(299)).verified()).isTrue();
        WebhookVerifier.Result late = WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), SIGNATURE, BODY, NOW.plusSeconds(301));
        assertThat(late.verified()).isFalse();
        assertThat(late.reason()).contains("more than 5 min");
        assertThat(WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), SIGNATURE, BODY, NOW.minusSeconds(301)).verified()).isFalse();
    }

    @Test
    void oneMatchingV1SignatureAmongSeveralIsEnough() {
        String several = "v1a,c29tZXRoaW5nIGVsc2U= v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + SIGNATURE;
        assertThat(WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), several, BODY, NOW).verified()).isTrue();
        assertThat(WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), "v1,not-base64!", BODY, NOW).verified()).isFalse();
    }

    @Test
    void missingOrMalformedHeadersFail() {
        assertThat(WebhookVerifier.verify(SECRET, null, String.valueOf(TS), SIGNATURE, BODY, NOW).reason()).contains("missing");
        assertThat(WebhookVerifier.verify(SECRET, ID, null, SIGNATURE, BODY, NOW).verified()).isFalse();
        assertThat(WebhookVerifier.verify(SECRET, ID, String.valueOf(TS), "", BODY, NOW).verified()).isFalse();
        assertThat(WebhookVerifier.verify(SECRET, ID, "yesterday", SIGNATURE, BODY, NOW).reason()).contains("not a number");
    }
}
