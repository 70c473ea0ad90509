package org.spladespark.jobs.search;

import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.TableRef;

/**
 * The validated options of a batch search ({@code splade search}). Build with {@link #builder()};
 * every check is made when the record is created.
 *
 * @param queries where the queries come from
 * @param index the index tables
 * @param model the model folder (its query side encodes the queries)
 * @param topK hits per query, 1..{@value #MAX_TOP_K}
 * @param plan the plan, or {@link Plan#AUTO}
 * @param modelId search only index rows of this model id; null: the index must hold one model
 * @param outputTable Delta table for the results ({@code search_results} schema), or null
 * @param outputJsonl JSON-lines results file, or null
 * @param outputTrec TREC run file ({@code qid Q0 docid rank score tag}), or null
 * @param runTag the tag column of the TREC run
 * @param overwrite replace existing outputs instead of failing
 */
public record SearchOptions(
    QuerySource queries,
    IndexTables index,
    String model,
    int topK,
    Plan plan,
    String modelId,
    TableRef outputTable,
    String outputJsonl,
    String outputTrec,
    String runTag,
    boolean overwrite) {

  public static final int DEFAULT_TOP_K = 100;
  public static final int MAX_TOP_K = 10_000;
  public static final String DEFAULT_RUN_TAG = "splade";

  public SearchOptions {
    if (queries == null) {
      throw SpladeException.of(
          "queries", "are not given", "pass --queries FILE or --queries-table TABLE");
    }
    if (index == null) {
      throw SpladeException.of(
          "index", "is not given", "pass --index FOLDER or --index-database DATABASE");
    }
    if (model == null || model.isBlank()) {
      throw SpladeException.of(
          "--model", "is not given", "pass the model folder the index was encoded with");
    }
    if (topK < 1 || topK > MAX_TOP_K) {
      throw SpladeException.of(
          "--top-k", "is " + topK, "pass a number of hits from 1 to " + MAX_TOP_K);
    }
    if (plan == null) {
      plan = Plan.AUTO;
    }
    if (modelId != null && modelId.isBlank()) {
      throw SpladeException.of(
          "--model-id", "is blank", "pass the model_id of the index rows, or leave it out");
    }
    if (outputTable == null && outputJsonl == null && outputTrec == null) {
      throw SpladeException.of(
          "output",
          "none of --output-table, --output-jsonl, --output-trec is given",
          "pass at least one output");
    }
    checkRunTag(runTag);
  }

  /** {@code --run-tag}: one column of a TREC run, so non-empty and without whitespace. */
  public static void checkRunTag(String runTag) {
    if (runTag == null || runTag.isEmpty() || runTag.chars().anyMatch(Character::isWhitespace)) {
      throw SpladeException.of(
          "--run-tag",
          "is '" + runTag + "'",
          "pass a non-empty tag without whitespace (it is one column of the TREC run)");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults: top 100, plan auto, run tag {@value #DEFAULT_RUN_TAG}. */
  public static final class Builder {
    private QuerySource queries;
    private IndexTables index;
    private String model;
    private int topK = DEFAULT_TOP_K;
    private Plan plan = Plan.AUTO;
    private String modelId;
    private TableRef outputTable;
    private String outputJsonl;
    private String outputTrec;
    private String runTag = DEFAULT_RUN_TAG;
    private boolean overwrite;

    private Builder() {}

    /** The validated options; a {@link SpladeException} naming the bad option. */
    public SearchOptions build() {
      return new SearchOptions(
          queries,
          index,
          model,
          topK,
          plan,
          modelId,
          outputTable,
          outputJsonl,
          outputTrec,
          runTag,
          overwrite);
    }

    public Builder queries(QuerySource v) {
      queries = v;
      return this;
    }

    public Builder index(IndexTables v) {
      index = v;
      return this;
    }

    public Builder model(String v) {
      model = v;
      return this;
    }

    public Builder topK(int v) {
      topK = v;
      return this;
    }

    public Builder plan(Plan v) {
      plan = v;
      return this;
    }

    public Builder modelId(String v) {
      modelId = v;
      return this;
    }

    public Builder outputTable(TableRef v) {
      outputTable = v;
      return this;
    }

    public Builder outputJsonl(String v) {
      outputJsonl = v;
      return this;
    }

    public Builder outputTrec(String v) {
      outputTrec = v;
      return this;
    }

    public Builder runTag(String v) {
      runTag = v;
      return this;
    }

    public Builder overwrite(boolean v) {
      overwrite = v;
      return this;
    }
  }
}
