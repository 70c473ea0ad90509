package org.spladespark.jobs.export;

import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.search.QuerySource;

/**
 * The validated options of {@link ExportIndexJob} ({@code splade export}); parse a command line
 * with {@link ExportCommand}.
 *
 * @param index the index folder ({@code doc_vectors}, {@code token_stats}, {@code models})
 * @param format the engine format
 * @param out the output folder; must not exist yet
 * @param modelId the model whose vectors to export; null = the index's active (or only) model
 * @param quantize 0 = float weights, else N of {@code round(w * N)} (1 to 1,000,000)
 * @param corpus the corpus whose text goes into the files ({@code --include-text}); null = none
 * @param gzip whether the data files are gzip-compressed
 * @param files the number of data files (partitions); 0 = one per {@value #DOCS_PER_FILE} docs
 * @param querySide the model (its vocabulary spells the tokens; null = the index's {@code
 *     token_stats}) and the queries to export alongside (null = none)
 */
public record ExportOptions(
    String index,
    ExportFormat format,
    String out,
    String modelId,
    int quantize,
    CorpusInput corpus,
    boolean gzip,
    int files,
    QuerySide querySide) {

  /** Default documents per data file. */
  public static final int DOCS_PER_FILE = 200_000;

  /** Largest quantization factor (weights are below ~10, so impacts stay far under 2^31). */
  public static final int MAX_QUANTIZE = 1_000_000;

  /**
   * @param model a model folder, or null
   * @param queries queries to encode with {@code model} and export, or null
   */
  public record QuerySide(String model, QuerySource queries) {
    public QuerySide {
      if (queries != null && model == null) {
        throw SpladeException.of(
            "--queries", "needs the model that encodes them", "pass --model MODEL as well");
      }
    }
  }

  public ExportOptions {
    if (index == null || index.isBlank()) {
      throw SpladeException.of("--index", "is not given", "pass the index folder");
    }
    if (format == null) {
      throw SpladeException.of(
          "--format", "is not given", "pass anserini, opensearch or elasticsearch");
    }
    if (out == null || out.isBlank()) {
      throw SpladeException.of("--out", "is not given", "pass a folder that does not exist yet");
    }
    if (quantize < 0 || quantize > MAX_QUANTIZE) {
      throw SpladeException.of(
          "--quantize " + quantize,
          "is out of range",
          "pass 1 to " + MAX_QUANTIZE + " (Anserini uses 100), or leave it out for float weights");
    }
    if (files < 0) {
      throw SpladeException.of("--files " + files, "is negative", "pass 1 or more, or 0 for auto");
    }
    if (querySide == null) {
      querySide = new QuerySide(null, null);
    }
  }
}
