package io.resilienceradar.query.webhooks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackUrlValidatorTest {
    private final CallbackUrlValidator strict = new CallbackUrlValidator(List.of());
    private final CallbackUrlValidator allowingLoopback = new CallbackUrlValidator(List.of("127.0.0.1"));

    @Test
    void refusesOtherSchemesCredentialsAndGarbage() {
        assertThat(strict.problem("ftp://93.184.216.34/x")).get().asString().contains("http or https");
        assertThat(strict.problem("https://user:pw@93.184.216.34/x")).get().asString().contains("credentials");
        assertThat(strict.problem("not a url")).isPresent();
        assertThat(strict.problem("")).isPresent();
        assertThat(strict.problem("https:///nohost")).isPresent();
    }

    @Test
    void refusesPrivateLoopbackAndLinkLocalAddresses() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://192.168.1.1/hook",
                "http://172.16.0.5/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook",
                "http://0.0.0.0/hook", "http://[fd00::1]/hook", "http://100.64.0.1/hook")) {
            assertThat(strict.problem(url)).as(url).get().asString().contains("private or loopback");
        }
    }

    @Test
    void acceptsPublicAddressesAndAllowlistedHosts() {
        assertThat(strict.problem("https://93.184.216.34/hook")).isEmpty();
        assertThat(allowingLoopback.problem("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(allowingLoopback.problem("http://10.0.0.1/hook")).isPresent();
    }
}
