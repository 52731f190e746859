package com.agentplatform.gateway.tenant;

import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.web.ApiArea;
import com.agentplatform.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** Guards {@code /admin/**} with the configured admin token, compared in constant time. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AdminTokenFilter extends OncePerRequestFilter {

    private final byte[] adminToken;
    private final JsonMapper json;

    AdminTokenFilter(GatewaySettings settings, JsonMapper json) {
        this.adminToken = settings.configuredAdminToken().map(token -> token.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.json = json;
        if (adminToken == null) {
            LoggerFactory.getLogger(AdminTokenFilter.class)
                    .warn("No admin token configured (PLATFORM_ADMIN_TOKEN): the admin API refuses every call");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ApiArea.of(request) != ApiArea.ADMIN;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean valid = adminToken != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), adminToken);
        if (!valid) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(request, response, json, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "the admin token is required");
            return;
        }
        request.setAttribute(AdminCaller.REQUEST_ATTRIBUTE, AdminCaller.VERIFIED);
        chain.doFilter(request, response);
    }
}
