package com.agentplatform.infra.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/** A real Redis server (the binary bundled in embedded-redis), bound to loopback. */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final Path dataDir;
    private final int port;
    private RedisServer redis;

    public EmbeddedRedisServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(dataDir);
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dataDir.toAbsolutePath())
                .setting("appendonly yes")
                .setting("maxmemory 128mb")
                .setting("protected-mode no")
                .onShutdownForceStop(true)
                .build();
        redis.start();
        log.info("Redis listening on localhost:{}", port);
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() throws IOException {
        if (redis != null) {
            redis.stop();
            redis = null;
        }
    }
}
