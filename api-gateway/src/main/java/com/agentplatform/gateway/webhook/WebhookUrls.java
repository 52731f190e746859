package com.agentplatform.gateway.webhook;

import com.agentplatform.common.net.AddressPolicy;
import com.agentplatform.common.net.IpLiterals;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.web.ApiException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Checks a webhook URL when an endpoint is created or changed: http(s) with a host, no credentials, and every
 * address its host resolves to public, by the same address policy the tools follow (the sender checks again at
 * delivery time, since DNS answers change). Local mode allow-lists loopback, where a developer's receiver listens.
 */
@Component
class WebhookUrls {

    private static final int MAX_LENGTH = 2048;
    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1", "localhost");

    private final AddressPolicy policy;

    WebhookUrls(GatewaySettings settings) {
        List<String> allowed = new ArrayList<>(settings.webhooks().allowList());
        if (settings.localMode()) {
            allowed.addAll(LOOPBACK);
        }
        this.policy = new AddressPolicy(allowed);
    }

    /** The URL to store; 400 {@code VALIDATION_FAILED} on field {@code url} when it may not be used. */
    String checked(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("must not carry credentials: sign-in goes through the signature");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("must name a host");
        }
        refusal(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                .ifPresent(reason -> {
                    throw invalid("leads to " + reason + "; webhooks go to public addresses only, unless the operator "
                            + "allow-lists the host");
                });
        return url;
    }

    private Optional<String> refusal(String host) {
        Optional<InetAddress> literal;
        try {
            literal = IpLiterals.literal(host);
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + host + "', which is not a valid address");
        }
        if (literal.isPresent()) {
            return policy.refusalOf(literal.get());
        }
        Optional<String> byName = policy.refusalOfHost(host);
        if (byName.isPresent()) {
            return byName;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                Optional<String> refused = policy.refusalOf(host, address);
                if (refused.isPresent()) {
                    return refused;
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("'" + host + "', a host that does not resolve");
        }
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("is not a URL: " + e.getReason());
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.validation("url", message);
    }
}
