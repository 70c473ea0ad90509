package org.spladespark.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.Histogram;
import org.spladespark.schemas.StatsTables.Pruning;
import org.spladespark.schemas.StatsTables.Tokens;

/** The stats tables' columns that the report reads, for in-memory report inputs. */
final class ReportTables {
  private ReportTables() {}

  /** {@code active_dims_hist}: docs per bucket. */
  static Table activeDims(List<List<Object>> rows) {
    return table(rows, Histogram.BUCKET_START, Histogram.BUCKET_END, Histogram.DOCS);
  }

  /** {@code top_tokens}. */
  static Table topTokens(List<List<Object>> rows) {
    return table(
        rows, Tokens.BY, Tokens.RANK, Tokens.TOKEN_ID, Tokens.TOKEN, Tokens.DF, Tokens.MASS);
  }

  /** {@code posting_lengths}: tokens and postings per bucket. */
  static Table postingLengths(List<List<Object>> rows) {
    return table(
        rows, Histogram.BUCKET_START, Histogram.BUCKET_END, Histogram.TOKENS, Histogram.POSTINGS);
  }

  /** {@code pruning}: the shares the report plots. */
  static Table pruning(List<List<Object>> rows) {
    return table(
        rows,
        Pruning.METHOD,
        Pruning.PARAM,
        Pruning.POSTINGS_SAVED_SHARE,
        Pruning.MASS_RETAINED_SHARE);
  }

  /** A table of {@code model_id}, {@code slice} and {@code columns}. */
  static Table table(List<List<Object>> rows, String... columns) {
    List<String> all = new ArrayList<>(List.of(StatsTables.MODEL_ID, StatsTables.SLICE));
    all.addAll(List.of(columns));
    return new Table(all, rows);
  }
}
