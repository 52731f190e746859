package com.agentplatform.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds RFC 9457 problem details with the platform's stable {@code code}. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail, String instance,
            List<ApiException.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeOf(code));
        problem.setProperty("code", code);
        if (instance != null) {
            instanceOf(instance).ifPresent(problem::setInstance);
        }
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** A refused request's path may not even be a URI; then the problem names no instance. */
    private static Optional<URI> instanceOf(String path) {
        try {
            return Optional.of(URI.create(path));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static URI typeOf(String code) {
        return URI.create("urn:agent-platform:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** For filters, which answer before any controller advice could. */
    public static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
            HttpStatusCode status, String code, String detail) throws IOException {
        write(request, response, json, status, code, detail, List.of());
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
            HttpStatusCode status, String code, String detail, List<ApiException.FieldError> errors) throws IOException {
        ProblemDetail problem = of(status, code, detail, request.getRequestURI(), errors);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
