package com.agentplatform.gateway.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * Smaller per-connection socket buffers than Tomcat's 8 KB each way. A gateway holds one connection per open status
 * stream, idle between events, so these buffers are most of a stream's memory (the SSE benchmark counts it per
 * stream); requests and events are small, and a larger body is still read, in more chunks.
 */
@Component
class ConnectionBuffers implements TomcatConnectorCustomizer {

    static final int BUFFER_BYTES = 4096;

    @Override
    public void customize(org.apache.catalina.connector.Connector connector) {
        connector.setProperty("socket.appReadBufSize", Integer.toString(BUFFER_BYTES));
        connector.setProperty("socket.appWriteBufSize", Integer.toString(BUFFER_BYTES));
    }
}
