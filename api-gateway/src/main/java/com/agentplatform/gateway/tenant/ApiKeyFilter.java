package com.agentplatform.gateway.tenant;

import com.agentplatform.gateway.web.ApiArea;
import com.agentplatform.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** Guards {@code /v1/**}: the API key decides the tenant; without a live key the answer is 401. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyFilter extends OncePerRequestFilter {

    static final String TENANT_ATTRIBUTE = AuthenticatedTenant.REQUEST_ATTRIBUTE;
    private static final int MAX_KEY_LENGTH = 256;

    private final ApiKeyCache keys;
    private final JsonMapper json;

    ApiKeyFilter(ApiKeyCache keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ApiArea.of(request) != ApiArea.TENANT;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<AuthenticatedTenant> tenant;
        try {
            tenant = presentedKey(request)
                    .filter(key -> key.length() <= MAX_KEY_LENGTH)
                    .flatMap(keys::authenticate);
        } catch (DataAccessException | CannotCreateTransactionException e) {
            // Filters answer before the controller advice could: say it here, as it would.
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            Problems.write(request, response, json, HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "the platform's database is unavailable; nothing was changed, retry shortly");
            return;
        }
        if (tenant.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(request, response, json, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED",
                    "a valid API key is required (Authorization: Bearer <key> or X-API-Key)");
            return;
        }
        request.setAttribute(TENANT_ATTRIBUTE, tenant.get());
        MDC.put("tenant_id", tenant.get().id().toString());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("tenant_id");
        }
    }

    private static Optional<String> presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim()).filter(key -> !key.isEmpty());
        }
        return Optional.ofNullable(request.getHeader("X-API-Key")).map(String::trim).filter(key -> !key.isEmpty());
    }
}
