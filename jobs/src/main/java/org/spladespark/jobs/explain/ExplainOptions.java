package org.spladespark.jobs.explain;

import org.spladespark.errors.SpladeException;

/**
 * The validated options of {@link ExplainJob} ({@code splade explain}).
 *
 * @param index the index folder
 * @param model the model folder (its query side encodes the query)
 * @param modelId the index model to read; null = the active (or only) one
 * @param query the query text
 * @param docId the document to explain
 * @param top the number of tokens to list; 0 = all
 */
public record ExplainOptions(
    String index, String model, String modelId, String query, String docId, int top) {
  public ExplainOptions {
    if (index == null || model == null || query == null || docId == null) {
      throw SpladeException.of(
          "splade explain",
          "needs --index, --model, --query and --doc-id",
          "see splade explain --help");
    }
    if (top < 0) {
      throw SpladeException.of("--top " + top, "is negative", "pass 0 (all) or more");
    }
  }
}
