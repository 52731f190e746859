package com.agentplatform.gateway.tenant;

/**
 * Proof that a request presented the admin token. Admin handlers take it as a parameter: it is resolved only from
 * what {@link AdminTokenFilter} stored, so a handler the filter did not guard answers 401, never data.
 */
public record AdminCaller() {

    static final String REQUEST_ATTRIBUTE = AdminCaller.class.getName();
    static final AdminCaller VERIFIED = new AdminCaller();
}
