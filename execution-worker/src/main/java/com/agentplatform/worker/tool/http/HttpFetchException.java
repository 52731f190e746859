package com.agentplatform.worker.tool.http;

/**
 * A permitted URL that could not be fetched: the host did not resolve or answer, the deadline passed, the answer
 * was malformed or over a size limit, or there were too many redirects. The message says which.
 */
public class HttpFetchException extends RuntimeException {

    public HttpFetchException(String message) {
        super(message);
    }

    public HttpFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
