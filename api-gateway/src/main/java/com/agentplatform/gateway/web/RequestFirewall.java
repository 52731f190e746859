package com.agentplatform.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first look at every request, before anything reads it: the path must have exactly one spelling
 * ({@link RequestPaths}), the query string must decode to text PostgreSQL can hold ({@link QueryStrings}), and the
 * headers the platform interprets must be visible ASCII. Whatever fails answers 400 here, so no later layer can
 * read the same request two ways, or fail on it with a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RequestFirewall extends OncePerRequestFilter {

    /** Headers whose values reach authentication, storage or parsing; other headers are not read. */
    private static final List<String> INTERPRETED_HEADERS =
            List.of("Authorization", "X-API-Key", "Idempotency-Key", "Last-Event-ID");

    private final JsonMapper json;

    RequestFirewall(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String pathProblem = RequestPaths.problemWith(request);
        if (pathProblem != null) {
            Problems.write(request, response, json, HttpStatus.BAD_REQUEST, "INVALID_PATH", "the request path " + pathProblem);
            return;
        }
        ApiException.FieldError bad = QueryStrings.firstProblem(request.getQueryString());
        if (bad == null) {
            bad = badHeader(request);
        }
        if (bad != null) {
            Problems.write(request, response, json, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the request is not valid",
                    List.of(bad));
            return;
        }
        chain.doFilter(request, response);
    }

    private static ApiException.FieldError badHeader(HttpServletRequest request) {
        for (String name : INTERPRETED_HEADERS) {
            for (var values = request.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7e))) {
                    return new ApiException.FieldError(name, "must be printable ASCII");
                }
            }
        }
        return null;
    }
}
