package com.agentplatform.worker.tool;

/** Keeps what a tool hands the model to a size it can use; a page can be far longer than a useful answer. */
public final class ToolText {

    /** The most characters of one tool result the model gets (http tools, MCP tools). */
    public static final int MAX_CHARS = 20_000;

    private ToolText() {
    }

    /** The text, or its first {@code max} characters with a note saying how much was left out. */
    public static String cap(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // never half a character
        return text.substring(0, end) + "\n[... " + (text.length() - end) + " more characters not shown]";
    }
}
