package org.spladespark.jobs.reencode;

/**
 * The corpus compared with one model's rows in {@code doc_vectors}.
 *
 * @param corpus good documents in the corpus
 * @param added documents without a row of the model (new)
 * @param changed documents whose text or pruning changed
 * @param unchanged documents left as they are
 * @param missing rows of the model whose document is not (or not as a good row) in the corpus
 * @param existing rows of the model before the run
 */
public record DocCounts(
    long corpus, long added, long changed, long unchanged, long missing, long existing) {
  /** New and changed documents. */
  public long toEncode() {
    return added + changed;
  }
}
