package org.spladespark.jobs.report;

import java.util.Map;

/**
 * What a report shows: the {@code splade stats} tables (as collected) and evaluation metrics.
 *
 * @param drift the drift table, or null when no comparison was made
 * @param metrics evaluation metrics in their JSON order ({@code {name}_dot_ndcg@10 …}); empty for
 *     none
 * @param bench scale/bench JSON files by file name, each flattened to key → value ({@link
 *     ReportJob#readFlat}); null or empty for none
 */
public record ReportInput(
    String title,
    Table summary,
    Table activeDimsHist,
    Table topTokens,
    Table postingLengths,
    Table pruning,
    Table drift,
    Map<String, Double> metrics,
    Map<String, Map<String, Object>> bench) {

  public ReportInput {
    bench = bench == null ? Map.of() : bench;
  }
}
