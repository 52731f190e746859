package com.agentplatform.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error leaves the gateway as problem+json with a stable {@code code}; controllers never translate by hand. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "MALFORMED_REQUEST"),
            Map.entry(401, "UNAUTHORIZED"),
            Map.entry(404, "NOT_FOUND"),
            Map.entry(405, "METHOD_NOT_ALLOWED"),
            Map.entry(406, "NOT_ACCEPTABLE"),
            Map.entry(409, "CONFLICT"),
            Map.entry(413, "PAYLOAD_TOO_LARGE"),
            Map.entry(415, "UNSUPPORTED_MEDIA_TYPE"),
            Map.entry(429, "RATE_LIMITED"),
            Map.entry(503, "SERVICE_UNAVAILABLE"));

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> onApiException(ApiException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> problem = problem(e.status(), e.code(), e.getMessage(), request, e.errors());
        if (e.retryAfterSeconds() == null) {
            return problem;
        }
        return ResponseEntity.status(problem.getStatusCode()).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.getBody());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> onTypeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the request is not valid", request,
                List.of(new ApiException.FieldError(e.getName(), "is not a valid value")));
    }

    /**
     * The database is unreachable or overloaded: nothing was written (the submit transaction never committed), so
     * the client may simply retry.
     */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> onDatabaseUnavailable(Exception e, HttpServletRequest request) {
        log.warn("Database unavailable serving {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                        "the platform's database is unavailable; nothing was changed, retry shortly", request.getRequestURI(), List.of()));
    }

    /**
     * SQL class 22 (data exception) is always a value the client sent that the database cannot hold. A unique key
     * violated is a race with a concurrent request that created the same thing first: a conflict, not a failure.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> onDataIntegrity(DataIntegrityViolationException e, HttpServletRequest request) {
        if (e instanceof DuplicateKeyException) {
            return problem(HttpStatus.CONFLICT, "CONFLICT",
                    "a concurrent request created the same thing first; read it, or retry with another value", request, List.of());
        }
        if (e.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
            return problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "a value in the request cannot be stored", request, List.of());
        }
        return onUnexpected(e, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> onUnexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure serving {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "an unexpected error occurred", request, List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new ApiException.FieldError(SnakeCase.of(error.getField()), error.getDefaultMessage()))
                .toList();
        return asObject(problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the request is not valid",
                servletRequest(request), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (BodyLimitFilter.isTooLarge(e)) {
            return asObject(problem(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "the request body is larger than " + BodyLimitFilter.MAX_BODY_BYTES + " bytes", servletRequest(request), List.of()));
        }
        return asObject(problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", JsonErrors.describe(e),
                servletRequest(request), JsonErrors.fieldErrors(e)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail() : HttpStatus.valueOf(status.value()).getReasonPhrase();
        ProblemDetail problem = Problems.of(status, CODES.getOrDefault(status.value(), "ERROR"), detail,
                servletRequest(request).getRequestURI(), List.of());
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String code, String detail,
            HttpServletRequest request, List<ApiException.FieldError> errors) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, code, detail, request.getRequestURI(), errors));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return ((ServletWebRequest) request).getRequest();
    }
}
