package com.agentplatform.worker.tool.http;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The limits of {@link SafeHttpClient}, under {@code platform.worker.http.*}.
 *
 * @param connectTimeout  how long to wait for a TCP connection to one address
 * @param totalTimeout    the deadline for a whole fetch, redirects included; a request may set a shorter or longer
 *                        one
 * @param maxBodyBytes    a larger response body fails the fetch (it is never cut silently)
 * @param maxHeaderBytes  a larger status line plus headers fails the fetch
 * @param maxRedirects    redirects followed before the fetch fails
 * @param allowList       address blocks ({@code 10.20.0.0/16}), addresses and host names the
 *                        {@link com.agentplatform.common.net.AddressPolicy} lets through although it would refuse
 *                        them: for internal services an operator trusts
 */
@ConfigurationProperties("platform.worker.http")
public record HttpFetchSettings(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("20s") Duration totalTimeout,
        @DefaultValue("2097152") long maxBodyBytes,
        @DefaultValue("32768") int maxHeaderBytes,
        @DefaultValue("3") int maxRedirects,
        @DefaultValue List<String> allowList) {

    private static final long LARGEST_BODY = Integer.MAX_VALUE - 16;

    public HttpFetchSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || totalTimeout.isNegative() || totalTimeout.isZero()) {
            throw new IllegalArgumentException("platform.worker.http timeouts must be positive");
        }
        if (maxBodyBytes < 0 || maxBodyBytes > LARGEST_BODY || maxHeaderBytes < 1_024 || maxRedirects < 0) {
            throw new IllegalArgumentException("platform.worker.http limits are out of range");
        }
        allowList = allowList == null ? List.of() : List.copyOf(allowList);
    }

    /** 5 s to connect, 20 s in all, 2 MiB of body, 32 KiB of headers, 3 redirects, nothing internal allowed. */
    public static HttpFetchSettings defaults() {
        return new HttpFetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), 2L << 20, 32 << 10, 3, List.of());
    }

    public HttpFetchSettings withAllowList(String... entries) {
        return new HttpFetchSettings(connectTimeout, totalTimeout, maxBodyBytes, maxHeaderBytes, maxRedirects,
                List.of(entries));
    }

    public HttpFetchSettings withTotalTimeout(Duration timeout) {
        return new HttpFetchSettings(connectTimeout, timeout, maxBodyBytes, maxHeaderBytes, maxRedirects, allowList);
    }

    public HttpFetchSettings withMaxBodyBytes(long bytes) {
        return new HttpFetchSettings(connectTimeout, totalTimeout, bytes, maxHeaderBytes, maxRedirects, allowList);
    }
}
