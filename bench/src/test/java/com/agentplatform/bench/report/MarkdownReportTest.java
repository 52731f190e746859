package com.agentplatform.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    @Test
    void aNewRunReplacesTheTablesButKeepsTheHandWrittenAnalysis(@TempDir Path folder) throws Exception {
        Path report = folder.resolve("BENCHMARKS.md");
        MarkdownReport.write(report, "# old tables\n");
        Files.writeString(report, Files.readString(report) + "\n" + MarkdownReport.KEPT_SECTION + "\n## Analysis\nwhy\n");

        MarkdownReport.write(report, "# new tables\n");

        assertThat(Files.readString(report)).startsWith("# new tables\n").doesNotContain("old tables")
                .contains(MarkdownReport.KEPT_SECTION + "\n## Analysis\nwhy\n");
    }

    @Test
    void aReportWithoutAnalysisIsJustTheTables(@TempDir Path folder) throws Exception {
        Path report = folder.resolve("BENCHMARKS.md");
        MarkdownReport.write(report, "# first\n");
        MarkdownReport.write(report, "# second\n");

        assertThat(Files.readString(report)).isEqualTo("# second\n");
    }
}
