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

    /** Four distinct free ports and a fresh temporary folder, for tests. */
    public static StackSettings forTests() {
        try {
            int[] ports = freePorts(4);
            return new StackSettings(
                    Files.createTempDirectory("agent-platform-stack-"),
                    ports[0], ports[1], ports[2], ports[3], 12, "agentplatform", true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int envInt(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    /**
     * Ports free a moment ago, all different: the sockets are held open together, since one closed before the next
     * is asked for may be handed out again. Another process can still take one before its server binds it; the
     * shared test stack starts again on fresh ports when that happens.
     */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
