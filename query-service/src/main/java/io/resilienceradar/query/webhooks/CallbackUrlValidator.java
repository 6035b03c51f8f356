package io.resilienceradar.query.webhooks;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Guards against webhooks being used to reach internal services (SSRF): http(s) only, no credentials in the URL,
 * and no private, loopback, link-local or wildcard address unless the host is on {@code radar.webhooks.allowlist}.
 */
@Singleton
public class CallbackUrlValidator {
    private final Set<String> allowlist;

    @Inject
    public CallbackUrlValidator(WebhookSettings settings) {
        this(settings.allowlist().orElse(List.of()));
    }

    CallbackUrlValidator(List<String> allowlist) {
        this.allowlist = allowlist.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** @return why the URL is refused, or empty when it is acceptable */
    public Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("callbackUrl is required");
        }
        if (url.length() > 2000) {
            return Optional.of("callbackUrl is longer than 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("callbackUrl is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("callbackUrl must use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("callbackUrl must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("callbackUrl has no host");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowlist.contains(bareHost.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            return Optional.of("callbackUrl host does not resolve: " + bareHost);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && !allowlist.contains(address.getHostAddress().toLowerCase(Locale.ROOT))) {
                return Optional.of("callbackUrl resolves to a private or loopback address (" + address.getHostAddress() + ")");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        // carrier-grade NAT 100.64.0.0/10
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
