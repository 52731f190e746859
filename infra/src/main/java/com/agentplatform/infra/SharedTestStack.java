package com.agentplatform.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded stack per JVM, started on first use and stopped when the JVM exits, so every integration test in
 * a test run shares the same servers instead of paying for its own.
 */
public final class SharedTestStack {

    private static final Logger log = LoggerFactory.getLogger(SharedTestStack.class);

    /** Starts on fresh ports: another process may take a free port between its choice and the server's bind. */
    private static final int ATTEMPTS = 3;

    private static EmbeddedStack stack;

    private SharedTestStack() {
    }

    public static synchronized EmbeddedStack get() {
        if (stack == null) {
            EmbeddedStack started = startOnFreshPorts();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(started::close));
            stack = started;
        }
        return stack;
    }

    private static EmbeddedStack startOnFreshPorts() {
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            EmbeddedStack candidate = new EmbeddedStack(StackSettings.forTests());
            try {
                return candidate.start();
            } catch (Exception e) {
                last = e;
                candidate.close();
                log.warn("The embedded stack did not start (attempt {} of {}): {}", attempt, ATTEMPTS, e.toString());
            }
        }
        throw new IllegalStateException("could not start the embedded stack", last);
    }
}
