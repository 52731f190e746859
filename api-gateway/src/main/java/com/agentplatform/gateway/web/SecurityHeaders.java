package com.agentplatform.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The usual browser hardening on every response, errors and refusals included (set before anything else answers):
 * no content sniffing, no framing, no referrer leaving the gateway. The console's pages also get a
 * Content-Security-Policy that allows scripts, styles and connections of the same origin only, and nothing inline:
 * a value that reached the page from the API (an agent's output, say) can never run as script.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class SecurityHeaders extends OncePerRequestFilter {

    static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String CONSOLE = "/console";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        String path = request.getRequestURI();
        if (path.equals(CONSOLE) || path.startsWith(CONSOLE + "/")) {
            response.setHeader("Content-Security-Policy", CONSOLE_POLICY);
        }
        chain.doFilter(request, response);
    }
}
