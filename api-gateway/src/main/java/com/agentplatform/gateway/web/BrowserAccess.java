package com.agentplatform.gateway.web;

import com.agentplatform.gateway.GatewaySettings;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.CorsFilter;

/**
 * Cross-origin calls to the tenant API ({@code /v1/**}) from the origins an operator allowed, none by default. The
 * filter runs after the {@link RequestFirewall} and before authentication: a preflight carries no key (browsers never
 * send one), so it is answered here and never reaches the key check. An origin not allowed gets 403 on its
 * preflight and no CORS headers on anything else, so its page cannot read an answer. Same-origin pages (the console)
 * are not CORS requests and pass untouched.
 */
@Configuration
class BrowserAccess {

    /** Every header a client may send that the platform reads, plus the body's type. */
    static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, "X-API-Key", "Idempotency-Key",
            "Last-Event-ID", HttpHeaders.CONTENT_TYPE, "X-Request-Id");
    /** What a page may read beyond the safelisted headers: where a new resource is, the limits, the request id. */
    static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, "X-Request-Id",
            "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(GatewaySettings settings) {
        CorsConfiguration tenantApi = new CorsConfiguration();
        tenantApi.setAllowedOrigins(settings.cors().allowedOrigins());
        tenantApi.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        tenantApi.setAllowedHeaders(ALLOWED_HEADERS);
        tenantApi.setExposedHeaders(EXPOSED_HEADERS);
        tenantApi.setAllowCredentials(false);
        tenantApi.setMaxAge(settings.cors().maxAge());
        // The same rule that decides which credential a path needs decides where CORS applies: one reading of a path.
        CorsFilter filter = new CorsFilter(request -> ApiArea.of(request) == ApiArea.TENANT ? tenantApi : null);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }
}
