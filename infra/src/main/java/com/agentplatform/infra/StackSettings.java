package com.agentplatform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where and how the embedded stack runs.
 *
 * @param dataDir             root of the servers' data; kept across restarts for the local run
 * @param kafkaPort           the broker's client port
 * @param kafkaControllerPort the KRaft controller's port
 * @param postgresPort        PostgreSQL's port
 * @param redisPort           Redis's port
 * @param partitions          partitions of the requested and events topics
 * @param database            the PostgreSQL database the platform uses
 * @param deleteOnClose       delete {@code dataDir} when the stack stops (tests)
 */
public record StackSettings(
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int redisPort,
        int partitions,
        String database,
        boolean deleteOnClose) {

    /** Fixed ports away from the standard ones, for the local run; each overridable by environment. */
    public static StackSettings local(Path dataDir) {
        return new StackSettings(
                dataDir,
                envInt("PLATFORM_KAFKA_PORT", 19092),
                envInt("PLATFORM_KAFKA_CONTROLLER_PORT", 19093),
                envInt("PLATFORM_POSTGRES_PORT", 15432),
                envInt("PLATFORM_REDIS_PORT", 16379),
                envInt("PLATFORM_PARTITIONS", 12),
                "agentplatform",
                false);
    }

    /** Free ports and a fresh temporary folder, for tests. */
    public static StackSettings forTests() {
        try {
            return new StackSettings(
                    Files.createTempDirectory("agent-platform-stack-"),
                    freePort(), freePort(), freePort(), freePort(), 12, "agentplatform", true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int envInt(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
