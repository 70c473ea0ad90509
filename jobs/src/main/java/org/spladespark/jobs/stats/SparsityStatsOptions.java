package org.spladespark.jobs.stats;

import java.nio.file.Path;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;

/**
 * The validated options of {@link SparsityStatsJob} ({@code splade stats}). Make them with {@link
 * #of} (the defaults) or parse them with {@link StatsCommand}; every check is made when the record
 * is created, each failure a {@link SpladeException} naming the option.
 *
 * @param index the index folder holding {@code doc_vectors}
 * @param docVectors the {@code doc_vectors} Delta path, or null for {@code <index>/doc_vectors}
 * @param out the folder of the stats tables, or null for {@code <index>/stats}
 * @param corpus the corpus joined by doc id (for {@code groupBy} and expansion), or null; read as
 *     {@code splade encode} reads its input (format inference, {@code _id}/{@code text}/{@code
 *     title} columns by default), its text being what encode encoded (title + text)
 * @param groupBy a corpus column whose values are slices, or null (needs {@code corpus})
 * @param model the model folder (token strings, and the tokenizer for expansion), or null
 * @param modelId only this model's vectors, or null for every model
 * @param compareModelId drift: compare {@code modelId} against this model, or null
 * @param compareIndex drift: the other model's index folder, or null
 * @param topTokens rows of {@code top_tokens} per list, > 0
 * @param histWidth the active-dims histogram bucket width, > 0
 * @param grid the pruning what-if settings
 * @param driftTopK k of the per-document top-k overlap, > 0
 */
public record SparsityStatsOptions(
    String index,
    String docVectors,
    String out,
    CorpusInput corpus,
    String groupBy,
    Path model,
    String modelId,
    String compareModelId,
    String compareIndex,
    int topTokens,
    int histWidth,
    PruningGrid grid,
    int driftTopK) {
  /** The default of {@code --top-tokens}. */
  public static final int DEFAULT_TOP_TOKENS = 50;

  /** The default of {@code --hist-width}. */
  public static final int DEFAULT_HIST_WIDTH = 16;

  /** The default of {@code --drift-top-k}. */
  public static final int DEFAULT_DRIFT_TOP_K = 10;

  public SparsityStatsOptions {
    if (index == null || index.isBlank()) {
      throw SpladeException.of("--index", "is not given", "pass the index folder");
    }
    if (histWidth <= 0 || topTokens <= 0 || driftTopK <= 0) {
      throw SpladeException.of(
          "--hist-width/--top-tokens/--drift-top-k",
          "must be > 0, got " + histWidth + "/" + topTokens + "/" + driftTopK,
          "pass positive values");
    }
    if (groupBy != null && corpus == null) {
      throw SpladeException.of(
          "--group-by " + groupBy, "needs the corpus table", "pass --corpus with that column");
    }
    if (grid == null) {
      grid = PruningGrid.DEFAULT;
    }
  }

  /** The {@code doc_vectors} table read. */
  public String docVectorsPath() {
    return docVectors != null ? docVectors : index + "/doc_vectors";
  }

  /** The folder the stats tables are written to. */
  public String outDir() {
    return out != null ? out : index + "/stats";
  }

  /**
   * The options of {@code splade stats --index index --model model}: every other at its default.
   */
  public static SparsityStatsOptions of(String index, Path model) {
    return new SparsityStatsOptions(
        index,
        null,
        null,
        null,
        null,
        model,
        null,
        null,
        null,
        DEFAULT_TOP_TOKENS,
        DEFAULT_HIST_WIDTH,
        PruningGrid.DEFAULT,
        DEFAULT_DRIFT_TOP_K);
  }
}
