package com.agentplatform.worker.tool.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.Socket;

/**
 * A socket's input where every read may only wait for what is left of the deadline, so a server that trickles a
 * byte at a time cannot stretch a fetch past it (a fixed read timeout would restart with every byte).
 */
final class DeadlineInputStream extends FilterInputStream {

    private final Socket socket;
    private final Deadline deadline;

    DeadlineInputStream(Socket socket, Deadline deadline) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
        this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
        socket.setSoTimeout(deadline.remainingMillis());
        return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        socket.setSoTimeout(deadline.remainingMillis());
        return super.read(buffer, offset, length);
    }
}
