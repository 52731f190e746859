package com.agentplatform.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Request paths with exactly one spelling. Refused: path parameters ({@code ;x}), percent-encoding of any character,
 * empty segments ({@code //}), dot segments, backslashes and anything but printable ASCII. No route of the platform
 * needs them; a path with several spellings is how authorisation gets bypassed, when one layer reads one spelling
 * and the router another.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /** Why the path is refused, or null when it has exactly one spelling. */
    static String problemWith(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String problem = problemWith(raw);
        if (problem != null) {
            return problem;
        }
        // What the container decoded and normalised must be the very text that was sent.
        String pathInfo = request.getPathInfo();
        String decoded = request.getContextPath() + request.getServletPath() + (pathInfo == null ? "" : pathInfo);
        return decoded.equals(raw) ? null : "is not in its normal form";
    }

    static String problemWith(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            return "must start with '/'";
        }
        for (int i = 0; i < raw.length(); i++) {
            String problem = problemWith(raw.charAt(i));
            if (problem != null) {
                return problem;
            }
        }
        for (String segment : raw.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "may not contain '.' or '..' segments";
            }
        }
        return raw.contains("//") ? "may not contain empty segments ('//')" : null;
    }

    private static String problemWith(char c) {
        return switch (c) {
            case ';' -> "may not carry path parameters (';')";
            case '%' -> "may not contain percent-encoded characters";
            case '\\' -> "may not contain a backslash";
            default -> c < 0x21 || c > 0x7e ? "may contain printable ASCII characters only" : null;
        };
    }
}
