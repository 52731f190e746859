package com.agentplatform.infra;

/**
 * One embedded stack per JVM, started on first use and stopped when the JVM exits, so every integration test in
 * a test run shares the same servers instead of paying for its own.
 */
public final class SharedTestStack {

    private static EmbeddedStack stack;

    private SharedTestStack() {
    }

    public static synchronized EmbeddedStack get() {
        if (stack == null) {
            try {
                EmbeddedStack started = new EmbeddedStack(StackSettings.forTests()).start();
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(started::close));
                stack = started;
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded stack", e);
            }
        }
        return stack;
    }
}
