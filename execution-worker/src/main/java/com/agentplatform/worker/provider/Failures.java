package com.agentplatform.worker.provider;

import com.agentplatform.common.execution.FailureCode;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Sorts what a provider client threw into {@link TransientModelException} or {@link PermanentModelException}. */
final class Failures {

    private static final int MAX_DETAIL = 300;

    private Failures() {
    }

    static RuntimeException classify(ModelName model, RuntimeException e) {
        if (e instanceof TransientModelException || e instanceof PermanentModelException) {
            return e;
        }
        Duration retryAfter = retryAfter(e);
        String detail = model.provider() + " failed: " + detail(e);
        return switch (e) {
            case AuthenticationException auth -> new PermanentModelException(FailureCode.PROVIDER_AUTH_FAILED, detail, e);
            case ModelNotFoundException missing -> new PermanentModelException(FailureCode.MODEL_NOT_FOUND, detail, e);
            case ContentFilteredException filtered -> new PermanentModelException(FailureCode.CONTENT_FILTERED, detail, e);
            case InvalidRequestException invalid -> new PermanentModelException(FailureCode.PROVIDER_REJECTED_REQUEST, detail, e);
            case RetriableException retriable -> new TransientModelException(detail, retryAfter, e);
            // An error inside an Anthropic stream (after its 200): overloaded, rate limited or failing passes by itself.
            case AnthropicStreamingException streamed when streamed.type() != null
                    && (streamed.type().equals("overloaded_error") || streamed.type().equals("api_error")
                            || streamed.type().equals("rate_limit_error")) -> new TransientModelException(detail, retryAfter, e);
            default -> isNetwork(e) ? new TransientModelException(detail, retryAfter, e)
                    : httpStatus(e) >= 500 || httpStatus(e) == 429 || httpStatus(e) == 408
                            ? new TransientModelException(detail, retryAfter, e)
                            : new PermanentModelException(FailureCode.PROVIDER_ERROR, detail, e);
        };
    }

    private static boolean isNetwork(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof HttpTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        return -1;
    }

    private static Duration retryAfter(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetryAfterHttpClient.StatusException status && status.retryAfter() != null) {
                return status.retryAfter();
            }
        }
        return null;
    }

    private static String detail(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "…" : message;
    }
}
