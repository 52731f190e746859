package com.agentplatform.worker.execution;

import java.util.UUID;

/**
 * One attempt of one execution. A worker whose lease lapsed may claim the same execution again while the old
 * attempt's thread still runs, so what runs here is told apart by attempt, never by execution alone.
 */
record RunningAttempt(UUID execution, int attempt) {
}
