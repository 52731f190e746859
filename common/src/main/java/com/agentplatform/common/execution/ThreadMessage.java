package com.agentplatform.common.execution;

import java.util.UUID;

/**
 * The message a step of a thread's run adds to the thread, written in the step's own statement.
 *
 * @param thread        the thread of the run
 * @param runSeq        the run's number on its thread: a run the thread stopped (a later submit interrupted or rolled
 *                      it back, or the thread was deleted) writes nothing more and is told to stop
 * @param role          {@code assistant} for a model's reply, {@code tool} for a tool's result
 * @param content       the text, or null (a reply that only calls tools)
 * @param toolCallsJson the reply's tool calls as JSON ({@code [{id, name, arguments}]}), or null
 * @param toolCallId    for a tool result, the call it answers
 */
public record ThreadMessage(UUID thread, long runSeq, String role, String content, String toolCallsJson, String toolCallId) {
}
