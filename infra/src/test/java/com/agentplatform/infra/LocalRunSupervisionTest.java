package com.agentplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervision ./run-local.sh runs its processes under (scripts/supervise.sh), on stand-in processes: one killed
 * with SIGKILL is logged and restarted while the others run on, one that keeps failing is restarted ever more slowly,
 * and SIGINT (Ctrl-C) stops everything, leaving no process behind.
 */
@Timeout(60)
class LocalRunSupervisionTest {

    private static final Path SUPERVISE = PlatformSources.ROOT.resolve("scripts/supervise.sh").toAbsolutePath().normalize();

    @TempDir
    Path logs;

    @Test
    void aKilledProcessIsRestartedWithBackoffAndCtrlCStopsEverything() throws Exception {
        Path script = logs.resolve("run.sh");
        Files.writeString(script, """
                set -euo pipefail
                LOG_DIR=%s
                . %s
                trap 'stop_supervised; exit 130' INT TERM
                supervised_start steady sleep 600
                supervised_start worker sleep 601
                supervised_start failing sh -c 'exit 3'
                echo READY
                supervise
                """.formatted(logs, SUPERVISE));
        Path notes = logs.resolve("notes.txt");
        Process run = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true).redirectOutput(notes.toFile()).start();
        try {
            await("started").atMost(Duration.ofSeconds(10)).until(() -> read(notes).contains("READY"));
            long steady = pidOf("steady");
            long worker = pidOf("worker");

            ProcessHandle.of(worker).orElseThrow().destroyForcibly();

            await("the killed process restarted").atMost(Duration.ofSeconds(10))
                    .until(() -> read(notes).contains("worker restarted"));
            assertThat(read(notes)).contains("worker exited unexpectedly (killed by SIGKILL)");
            long restarted = pidOf("worker");
            assertThat(restarted).isNotEqualTo(worker);
            assertThat(alive(restarted)).isTrue();
            assertThat(alive(steady)).as("the other processes run on").isTrue();
            assertThat(read(logs.resolve("worker.log"))).contains("restarted by the supervisor");

            await("backoff doubles while a process keeps failing").atMost(Duration.ofSeconds(15))
                    .until(() -> read(notes).contains("restarting it in 4s"));
            assertThat(read(notes)).containsPattern("failing exited unexpectedly \\(exit status 3\\) after \\d+s; restarting it in 1s")
                    .contains("restarting it in 2s");

            List<ProcessHandle> started = run.descendants().toList();
            new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();

            assertThat(run.waitFor(20, TimeUnit.SECONDS)).as("stopped on SIGINT").isTrue();
            assertThat(run.exitValue()).isEqualTo(130);
            await("no process left").atMost(Duration.ofSeconds(5))
                    .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(alive(steady)).isFalse();
            assertThat(alive(restarted)).isFalse();
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    private long pidOf(String name) throws IOException {
        return Long.parseLong(read(logs.resolve(name + ".pid")).trim());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
