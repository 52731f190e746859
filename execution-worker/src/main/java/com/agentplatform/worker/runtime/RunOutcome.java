package com.agentplatform.worker.runtime;

/** How a run ended. */
public sealed interface RunOutcome {

    Usage usage();

    record Succeeded(String result, Usage usage) implements RunOutcome {
    }

    /** A failure that retrying would not fix; {@code code} is a stable UPPER_SNAKE identifier. */
    record Failed(String code, String message, Usage usage) implements RunOutcome {
    }

    record TimedOut(String message, Usage usage) implements RunOutcome {
    }

    record Cancelled(String message, Usage usage) implements RunOutcome {
    }
}
