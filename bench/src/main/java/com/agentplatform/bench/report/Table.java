package com.agentplatform.bench.report;

import java.util.List;

/** A detail table, already formatted. */
public record Table(List<String> headers, List<List<String>> rows) {
}
