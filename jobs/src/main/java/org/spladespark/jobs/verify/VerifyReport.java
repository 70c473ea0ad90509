package org.spladespark.jobs.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spladespark.schemas.Columns;

/**
 * The result of {@link VerifyIndexJob}: what was checked and every kind of difference found.
 *
 * @param tables the index folder
 * @param modelId the model checked; null = all
 * @param activeModel the active model (from {@code models}); null when there is no registry
 * @param models the model ids in doc_vectors (within the filter)
 * @param docVectors doc_vectors rows checked
 * @param postings postings rows checked
 * @param tokenStats token_stats rows checked
 * @param differences one entry per kind of difference; empty = clean
 */
public record VerifyReport(
    String tables,
    String modelId,
    String activeModel,
    List<String> models,
    long docVectors,
    long postings,
    long tokenStats,
    List<Difference> differences) {

  /**
   * One kind of difference.
   *
   * @param table the table it is in
   * @param kind what differs, e.g. {@code missing posting}
   * @param count how many rows
   * @param examples the first few, readable
   */
  public record Difference(String table, String kind, long count, List<String> examples) {}

  /** True when postings and token_stats equal what doc_vectors implies, and models is valid. */
  public boolean clean() {
    return differences.isEmpty();
  }

  /** Rows in all differences. */
  public long total() {
    return differences.stream().mapToLong(Difference::count).sum();
  }

  /** The report as printed by {@code splade verify}. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "splade verify: %s%s%n  %,d doc_vectors, %,d postings, %,d token_stats rows; models %s%s%n",
            tables,
            modelId == null ? "" : " (model " + modelId + ")",
            docVectors,
            postings,
            tokenStats,
            models.isEmpty() ? "none" : String.join(", ", models),
            activeModel == null ? "" : "; active " + activeModel));
    if (clean()) {
      b.append("clean: postings and token_stats equal what doc_vectors implies\n");
      return b.toString();
    }
    b.append(
        String.format(
            Locale.ROOT, "NOT CLEAN: %,d differences of %d kinds%n", total(), differences.size()));
    for (Difference d : differences) {
      b.append(String.format(Locale.ROOT, "  %s: %s: %,d%n", d.table(), d.kind(), d.count()));
      for (String e : d.examples()) {
        b.append("      ").append(e).append('\n');
      }
    }
    return b.toString();
  }

  /** JSON fields, snake_case. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tables", tables);
    m.put(Columns.MODEL_ID, modelId);
    m.put("active_model", activeModel);
    m.put("models", models);
    m.put("doc_vectors", docVectors);
    m.put("postings", postings);
    m.put("token_stats", tokenStats);
    m.put("clean", clean());
    m.put("differences", total());
    m.put(
        "kinds",
        differences.stream()
            .map(
                d -> {
                  Map<String, Object> k = new LinkedHashMap<>();
                  k.put("table", d.table());
                  k.put("kind", d.kind());
                  k.put("count", d.count());
                  k.put("examples", d.examples());
                  return k;
                })
            .toList());
    return m;
  }
}
