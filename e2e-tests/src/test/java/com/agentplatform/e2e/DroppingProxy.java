package com.agentplatform.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of the gateway that cuts its first connection right after the response has carried a given
 * text (an SSE event), as a network would drop a long-lived stream; later connections pass whole.
 */
final class DroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final String cutAfter;
    private final AtomicBoolean cut = new AtomicBoolean();

    DroppingProxy(int target, String cutAfter) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.cutAfter = cutAfter;
        Thread.ofVirtual().start(this::accept);
    }

    String baseUri() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    boolean hasCut() {
        return cut.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                boolean cutThis = !cut.get();
                Thread.ofVirtual().start(() -> pipe(client, server, null));
                Thread.ofVirtual().start(() -> pipe(server, client, cutThis ? cutAfter : null));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies from one socket to the other; with {@code cutAfter}, closes both right after the event holding it. */
    private void pipe(Socket from, Socket to, String cutAfter) {
        // Bytes as ISO-8859-1 characters, one for one, so an index in the text is an index in the bytes.
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[8192];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (cutAfter != null) {
                    int before = seen.length();
                    seen.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                    int at = seen.indexOf(cutAfter);
                    int end = at < 0 ? -1 : seen.indexOf("\n\n", at);
                    if (end >= 0 && cut.compareAndSet(false, true)) {
                        out.write(buffer, 0, end + 2 - before);
                        out.flush();
                        return;
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed: the try closes the other.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
