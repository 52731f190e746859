package com.agentplatform.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;

/**
 * Which credential a request needs, decided on the path as the router matches it (segments decoded, path parameters
 * stripped), never on the raw request URI: a spelling the router accepts cannot slip past authentication.
 */
public enum ApiArea {

    /** {@code /admin/**}: the admin token. */
    ADMIN,
    /** {@code /v1/**}: a tenant's API key. */
    TENANT,
    /** Everything else: health, API docs. */
    PUBLIC;

    public static ApiArea of(HttpServletRequest request) {
        RequestPath path = RequestPath.parse(request.getRequestURI(), request.getContextPath());
        for (PathContainer.Element element : path.pathWithinApplication().elements()) {
            // The first segment that is not empty, in any case: stricter than the router, never looser.
            if (element instanceof PathContainer.PathSegment segment && !segment.valueToMatch().isEmpty()) {
                return switch (segment.valueToMatch().toLowerCase(Locale.ROOT)) {
                    case "admin" -> ADMIN;
                    case "v1" -> TENANT;
                    default -> PUBLIC;
                };
            }
        }
        return PUBLIC;
    }
}
