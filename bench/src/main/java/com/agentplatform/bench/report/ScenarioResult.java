package com.agentplatform.bench.report;

import java.util.List;

/**
 * What one scenario found.
 *
 * @param key      the scenario's name on the command line
 * @param title    its heading
 * @param setup    how the platform was driven and what the baseline was, in a sentence or two
 * @param figures  the headline table: platform, baseline, ratio, target, met
 * @param detail   the steps behind the figures (concurrency levels, client counts…); may be null
 * @param notes    observations: missed targets, sizes not reached and why
 */
public record ScenarioResult(String key, String title, String setup, List<Figure> figures, Table detail, List<String> notes) {
}
