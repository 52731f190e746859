package com.agentplatform.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last line: a failure no handler translated (one thrown by a filter, say) still leaves as problem+json, logged
 * once with the request id, instead of the container's own error body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UncaughtErrors extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(UncaughtErrors.class);

    private final JsonMapper json;

    UncaughtErrors(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            log.error("Unexpected failure serving {} {}", request.getMethod(), request.getRequestURI(), e);
            response.resetBuffer();
            Problems.write(request, response, json, HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                    "an unexpected error occurred");
        }
    }
}
