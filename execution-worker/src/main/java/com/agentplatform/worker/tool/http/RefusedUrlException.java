package com.agentplatform.worker.tool.http;

/**
 * A URL that is not fetched because of what it is or where it leads: a scheme other than http(s), credentials in
 * it, a host or address the {@link com.agentplatform.common.net.AddressPolicy} refuses, or a redirect from https
 * to http. Nothing was sent.
 */
public class RefusedUrlException extends RuntimeException {

    private final String reason;

    public RefusedUrlException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Why, in words fit to show the model: {@code "10.0.0.1 is a private address"}. */
    public String reason() {
        return reason;
    }
}
