package com.agentplatform.bench.report;

import com.agentplatform.bench.measure.Machine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Scenario results as markdown: one table per scenario, then how the run was made. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String table(ScenarioResult result) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(result.title()).append("\n\n").append(result.setup()).append("\n\n");
        out.append("| measure | platform | baseline | ratio | target | met? |\n|---|---:|---:|---:|---|---|\n");
        for (Figure figure : result.figures()) {
            out.append("| ").append(figure.measure()).append(" (").append(figure.unit()).append(") | ")
                    .append(number(figure.platform())).append(" | ")
                    .append(figure.hasBaseline() ? number(figure.baseline()) : "—").append(" | ")
                    .append(Double.isNaN(figure.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f×", figure.ratio())).append(" | ")
                    .append(figure.target().isEmpty() ? "—" : figure.target()).append(" | ")
                    .append(figure.met() == null ? "—" : figure.met() ? "yes" : "**no**").append(" |\n");
        }
        if (result.detail() != null) {
            out.append("\n").append(detail(result.detail()));
        }
        for (String note : result.notes()) {
            out.append("\n- ").append(note);
        }
        return out.append("\n").toString();
    }

    private static String detail(Table table) {
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", table.headers())).append(" |\n|");
        out.append("---|".repeat(table.headers().size())).append("\n");
        for (List<String> row : table.rows()) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    public static String document(List<ScenarioResult> results, Machine machine, String command, String size) {
        StringBuilder out = new StringBuilder("""
                # Benchmarks

                Each figure is set beside a raw baseline measured in the same run on the same machine, so the ratio
                holds even when the machine is noisy; the one exception is the no-op drain, set beside a figure JobRunr
                published for other hardware. How to run them, and what each scenario does: `bench/README.md`.

                """);
        out.append("- Command: `").append(command).append("`\n");
        out.append("- Size: ").append(size).append("\n");
        out.append("- Machine: ").append(machine.cores()).append(" cores (").append(machine.cpu()).append("), ")
                .append(machine.memoryGb()).append(" GB, ").append(machine.os()).append("\n");
        out.append("- JDK: ").append(machine.jdk()).append("\n");
        out.append("- Date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        for (ScenarioResult result : results) {
            out.append(table(result)).append("\n");
        }
        return out.toString();
    }

    /** Everything from this line on in an existing report is written by people, and survives a new run. */
    public static final String KEPT_SECTION = "<!-- kept across runs: analysis -->";

    /** Writes the report; the hand-written analysis of the previous file (from {@link #KEPT_SECTION}) is kept. */
    public static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String kept = "";
            if (Files.exists(file)) {
                String previous = Files.readString(file);
                int start = previous.indexOf(KEPT_SECTION);
                kept = start < 0 ? "" : "\n" + previous.substring(start);
            }
            Files.writeString(file, markdown + kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Figures with a precision that suits their size. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, magnitude >= 10 ? "%.1f" : "%.2f", value);
    }
}
