package io.resilienceradar.query.webhooks;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTest {

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // the test vector of the Standard Webhooks reference libraries
        String signature = WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretsAreWhsecPrefixed24ByteKeysAndDiffer() {
        String a = WebhookSigner.newSecret();
        String b = WebhookSigner.newSecret();
        assertThat(a).startsWith("whsec_").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(24);
    }

    @Test
    void signatureDependsOnIdTimestampAndBody() {
        String secret = WebhookSigner.newSecret();
        String base = WebhookSigner.sign(secret, "msg_1", 1L, "{}");
        assertThat(WebhookSigner.sign(secret, "msg_2", 1L, "{}")).isNotEqualTo(base);
        assertThat(WebhookSigner.sign(secret, "msg_1", 2L, "{}")).isNotEqualTo(base);
        assertThat(WebhookSigner.sign(secret, "msg_1", 1L, "{ }")).isNotEqualTo(base);
    }
}
