package com.agentplatform.gateway.ratelimit;

import com.agentplatform.gateway.observe.GatewayMetrics;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiArea;
import com.agentplatform.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** Counts every tenant request against its rate limit; tells the limit on every response, 429 past it. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final JsonMapper json;
    private final GatewayMetrics metrics;

    RateLimitFilter(RateLimiter limiter, JsonMapper json, GatewayMetrics metrics) {
        this.limiter = limiter;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ApiArea.of(request) != ApiArea.TENANT;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AuthenticatedTenant tenant = (AuthenticatedTenant) request.getAttribute(AuthenticatedTenant.REQUEST_ATTRIBUTE);
        if (tenant == null) {
            chain.doFilter(request, response);
            return;
        }
        metrics.tenantCalled(tenant.id());
        RateLimiter.Decision decision = limiter.check(tenant.id(), tenant.rateLimitPerMinute());
        long resetSeconds = Math.max(1, (decision.reset().toMillis() + 999) / 1000);
        response.setHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Integer.toString(Math.max(0, decision.remaining())));
        response.setHeader("X-RateLimit-Reset", Long.toString(resetSeconds));
        if (!decision.allowed()) {
            metrics.rateLimited(tenant.id());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(resetSeconds));
            Problems.write(request, response, json, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                    "more than " + decision.limit() + " requests in a minute; retry after " + resetSeconds + " s");
            return;
        }
        chain.doFilter(request, response);
    }
}
