package com.agentplatform.worker.provider;

/**
 * Where the text of a model's answer goes while it is being written. {@link #NONE} when no client listens: the model
 * is then called without streaming, exactly as before streaming existed.
 */
public interface TokenSink {

    TokenSink NONE = new TokenSink() {
        @Override
        public void delta(String text) {
        }

        @Override
        public void restart() {
        }
    };

    /** The next piece of the answer's text. */
    void delta(String text);

    /** The call is tried again from the start (a retry after a transient failure): the text sent so far is void. */
    void restart();

    /** The call has ended (answered or failed): whatever is still held back leaves now, before the step is recorded. */
    default void finish() {
    }
}
