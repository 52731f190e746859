package com.agentplatform.gateway.web;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Tells a client what is wrong with its JSON without echoing parser internals or stack traces. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return "the request body is missing or unreadable";
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (cause instanceof StreamReadException) {
            return "the request body is not valid JSON";
        }
        if (cause instanceof MismatchedInputException) {
            return "a field has the wrong type or the body has the wrong shape";
        }
        return "the request body is not valid JSON";
    }

    static List<ApiException.FieldError> fieldErrors(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException jackson) || jackson.getPath() == null || jackson.getPath().isEmpty()) {
            return List.of();
        }
        String field = jackson.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String message = jackson instanceof UnrecognizedPropertyException ? "is not a known field"
                : jackson instanceof InvalidFormatException ? "has an invalid value"
                : "has the wrong type";
        return List.of(new ApiException.FieldError(field, message));
    }
}
