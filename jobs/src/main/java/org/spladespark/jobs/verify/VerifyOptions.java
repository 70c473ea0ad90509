package org.spladespark.jobs.verify;

import org.spladespark.errors.SpladeException;

/**
 * What {@link VerifyIndexJob} checks.
 *
 * @param tables the index folder (of doc_vectors, postings, token_stats, models)
 * @param modelId check only this model's rows; null = every model
 * @param examples examples shown per kind of difference (at least 1)
 */
public record VerifyOptions(String tables, String modelId, int examples) {
  public static final int DEFAULT_EXAMPLES = 5;

  public VerifyOptions {
    if (tables == null || tables.isBlank()) {
      throw SpladeException.of("--index", "is not given", "pass the folder of the tables");
    }
    if (modelId != null && modelId.isBlank()) {
      modelId = null;
    }
    if (examples < 1 || examples > 1000) {
      throw SpladeException.of(
          "--examples", "must be between 1 and 1000, got " + examples, "pass 1 to 1000");
    }
    while (tables.length() > 1 && tables.endsWith("/")) {
      tables = tables.substring(0, tables.length() - 1);
    }
  }

  /** Every model, {@value #DEFAULT_EXAMPLES} examples per kind. */
  public static VerifyOptions of(String tables) {
    return new VerifyOptions(tables, null, DEFAULT_EXAMPLES);
  }
}
