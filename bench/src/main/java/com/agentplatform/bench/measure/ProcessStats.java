package com.agentplatform.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time and resident memory of processes on this (Linux) machine, read from {@code /proc}. */
public final class ProcessStats {

    /** Linux reports CPU time in clock ticks; 100 per second on every common kernel configuration. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** User plus system CPU time the process has used so far, in milliseconds; 0 when it is gone. */
    public static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    public static long cpuMillis(List<Long> pids) {
        return pids.stream().mapToLong(ProcessStats::cpuMillis).sum();
    }

    /**
     * CPU time of a process tree: the root's own and its reaped children's, plus each live descendant's. For a
     * server that forks a process per connection, such as PostgreSQL.
     */
    public static long treeCpuMillis(long root) {
        long reapedChildren = field(root, 13) + field(root, 14);
        long descendants = ProcessHandle.of(root).stream().flatMap(ProcessHandle::descendants)
                .mapToLong(process -> cpuMillis(process.pid())).sum();
        return cpuMillis(root) + reapedChildren * 1000 / TICKS_PER_SECOND + descendants;
    }

    /** Processes anywhere on the machine whose command line contains {@code fragment}, such as a data directory. */
    public static List<Long> withArgument(String fragment) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(args -> String.join(" ", args).contains(fragment)).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static long field(long pid, int index) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[index]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Resident set size in bytes; 0 when the process is gone. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Processes started (directly or not) by this JVM whose command contains {@code name}, such as PostgreSQL's. */
    public static List<Long> descendantsNamed(String name) {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.contains(name)).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }
}
