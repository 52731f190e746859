package com.agentplatform.worker.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps model and tool output storable. PostgreSQL cannot store the NUL character (neither in {@code text} nor in
 * {@code jsonb}), yet a fetched page or a model's answer may hold one; rather than fail the run when its step is
 * recorded, NUL is removed before the text is recorded or handed back to the model, and the step says so. One
 * instance collects what was removed from all the texts of one step.
 */
final class StoredText {

    /** The output key of the note a step carries when something was removed. */
    static final String NOTE = "sanitized";

    private int removedNul;

    /** The text without NUL characters; null stays null. */
    String clean(String text) {
        if (text == null || text.indexOf('\0') < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                removedNul++;
            } else {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    boolean changed() {
        return removedNul > 0;
    }

    /** The step's output, with a note of what was removed when anything was. */
    Map<String, Object> noted(Map<String, Object> output) {
        if (!changed()) {
            return output;
        }
        Map<String, Object> noted = new LinkedHashMap<>(output);
        noted.put(NOTE, "removed " + removedNul + " NUL character" + (removedNul == 1 ? "" : "s")
                + " (which cannot be stored) from this output");
        return noted;
    }

    /** One text on its own, such as an error message, without NUL characters. */
    static String withoutNul(String text) {
        return new StoredText().clean(text);
    }
}
