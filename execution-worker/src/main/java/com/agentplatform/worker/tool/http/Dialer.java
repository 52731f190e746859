package com.agentplatform.worker.tool.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;

/** Opens the TCP connection to an address that has already been checked; tests watch what is dialled. */
@FunctionalInterface
interface Dialer {

    /** A direct connection: a configured SOCKS proxy would otherwise resolve and pick the address itself. */
    Dialer DIRECT = (address, timeoutMillis) -> {
        Socket socket = new Socket(Proxy.NO_PROXY);
        try {
            socket.connect(address, timeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    };

    Socket dial(InetSocketAddress address, int timeoutMillis) throws IOException;
}
