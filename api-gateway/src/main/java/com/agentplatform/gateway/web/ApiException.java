package com.agentplatform.gateway.web;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;

/** A failure the client caused or must know about; turned into problem+json by {@link ProblemHandler}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ApiException(HttpStatus status, String code, String detail, List<FieldError> errors) {
        this(status, code, detail, errors, null);
    }

    /** A refusal the client may retry: the answer carries {@code Retry-After} (whole seconds, at least 1). */
    public static ApiException retryLater(HttpStatus status, String code, String detail, Duration retryAfter) {
        return new ApiException(status, code, detail, List.of(), retryAfter);
    }

    private ApiException(HttpStatus status, String code, String detail, List<FieldError> errors, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found");
    }

    public static ApiException validation(List<FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the request is not valid", errors);
    }

    public static ApiException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The {@code Retry-After} header's value, or null when the answer has none. */
    public String retryAfterSeconds() {
        return retryAfter == null ? null : Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    /** One invalid field, named as the client sent it ({@code agent.max_steps}). */
    public record FieldError(String field, String message) {
    }
}
