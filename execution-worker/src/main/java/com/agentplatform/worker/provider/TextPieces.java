package com.agentplatform.worker.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How the offline and simulated models stream an answer they already have: word by word, paced like a provider. */
final class TextPieces {

    private TextPieces() {
    }

    /** Words with the space after each, so that the pieces joined are the text. */
    static List<String> of(String text) {
        List<String> pieces = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
                pieces.add(text.substring(start, i));
                start = i;
            }
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    /** Sends the pieces of {@code text}, {@code pause} apart (on a virtual thread a pause costs no CPU). */
    static void stream(String text, TokenSink tokens, Duration pause) {
        List<String> pieces = of(text);
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                sleep(pause);
            }
            tokens.delta(pieces.get(i));
        }
    }

    static void sleep(Duration pause) {
        if (pause.isZero() || pause.isNegative()) {
            return;
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming an answer", e);
        }
    }
}
