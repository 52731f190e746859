package com.agentplatform.bench.platform;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A gateway or worker running as its own OS process from its executable jar, so its CPU time and memory can be
 * measured apart from the load generator's and the other service's.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The module whose actuator (but liveness and readiness) listens on a management port of its own. */
    private static final String GATEWAY = "api-gateway";

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;

    private ServiceProcess(String name, int port, int managementPort, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /** Starts {@code module}'s exec jar with these JVM options and Spring properties, and waits until it is ready. */
    static ServiceProcess start(Workspace workspace, String name, String module, List<String> jvmOptions,
            Map<String, String> properties) {
        int port = freePort();
        int managementPort = module.equals(GATEWAY) ? freePort() : port;
        List<String> command = new ArrayList<>(List.of(javaCommand()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", workspace.execJar(module).toString(), "--server.port=" + port,
                "--management.server.port=" + managementPort));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(workspace.logs());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workspace.logs().resolve(name + ".log").toFile()))
                    .start();
            ServiceProcess started = new ServiceProcess(name, port, managementPort, process);
            started.awaitReady(Duration.ofSeconds(180));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Where the actuator's metrics are: the gateway's management port, or the worker's one port. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady(Duration limit) {
        try {
            await(name + " ready").atMost(limit).pollInterval(Duration.ofMillis(250)).until(this::isReady);
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited while starting (exit " + process.exitValue() + "), see its log");
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, so a flight recording is written; SIGKILL if it has not ended within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The java launcher this JVM runs on, so the services run on the same JDK. */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
