package org.spladespark.jobs.eval;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.search.Plan;
import org.spladespark.jobs.search.SearchOptions;

/**
 * The validated options of {@link EvaluateJob} ({@code splade evaluate}). Build with {@link
 * #builder()} or parse with {@link EvaluateCommand}; every check is made when the record is
 * created, each failure a {@link SpladeException} naming the option.
 *
 * @param data BEIR folders, at least one; several must have distinct folder names (the names prefix
 *     the metric keys)
 * @param split the qrels split ({@code qrels/<split>.tsv})
 * @param model the model folder or hub id
 * @param graph an explicit pooled ONNX document graph, or null to compile it from the model
 * @param out the output folder (metrics.json, per_query.tsv, run files)
 * @param aggregatePrefix the prefix of the {@code <prefix>_mean} keys
 * @param retriever how the top hits are retrieved
 * @param index {@link Retrieval#SPARK} only: the index folder to build and keep (one dataset: the
 *     folder itself; several: one subfolder per dataset name); null = a temporary folder under
 *     {@code out}, deleted afterwards
 * @param plan {@link Retrieval#SPARK} only: the search plan
 * @param threads {@link Retrieval#EXACT} only: ONNX Runtime intra-op threads (0 = default)
 * @param runTag the tag column of the TREC run files
 */
public record EvaluateOptions(
    List<Path> data,
    String split,
    String model,
    Path graph,
    Path out,
    String aggregatePrefix,
    Retrieval retriever,
    String index,
    Plan plan,
    int threads,
    String runTag) {

  /** The retrieval step. */
  public enum Retrieval {
    /**
     * The pipeline: EncodeCorpusJob builds an index (Delta tables), SearchJob retrieves the top
     * hits on Spark. The default.
     */
    SPARK,
    /** Everything on the driver: encode in memory, score every document (no Spark). */
    EXACT
  }

  public static final String DEFAULT_SPLIT = "test";
  public static final String DEFAULT_AGGREGATE_PREFIX = "BEIR";
  public static final String DEFAULT_RUN_TAG = SearchOptions.DEFAULT_RUN_TAG;

  public EvaluateOptions {
    if (data == null || data.isEmpty()) {
      throw SpladeException.of("--data", "is not given", "pass a BEIR folder (repeatable)");
    }
    data = List.copyOf(data);
    if (data.size() > 1) {
      Set<String> names = new HashSet<>();
      for (Path d : data) {
        String name = BeirDataset.defaultName(d);
        if (!names.add(name)) {
          throw SpladeException.of(
              "--data " + d,
              "has the folder name '" + name + "' of another --data folder",
              "evaluate datasets with distinct folder names (the names prefix the metrics)");
        }
      }
    }
    if (split == null || split.isBlank()) {
      throw SpladeException.of("--split", "is blank", "pass the qrels split, e.g. test");
    }
    if (model == null || model.isBlank()) {
      throw SpladeException.of("--model", "is not given", "pass the model folder or hub id");
    }
    if (out == null) {
      throw SpladeException.of("--out", "is not given", "pass the output folder");
    }
    if (aggregatePrefix == null) {
      aggregatePrefix = DEFAULT_AGGREGATE_PREFIX;
    }
    if (retriever == null) {
      retriever = Retrieval.SPARK;
    }
    if (plan == null) {
      plan = Plan.AUTO;
    }
    if (index != null && index.isBlank()) {
      throw SpladeException.of("--index", "is blank", "pass a folder, or leave it out");
    }
    if (retriever == Retrieval.EXACT && index != null) {
      throw SpladeException.of(
          "--index", "needs --retriever spark", "leave it out: the exact retriever has no index");
    }
    if (retriever == Retrieval.EXACT && plan != Plan.AUTO) {
      throw SpladeException.of(
          "--plan", "needs --retriever spark", "leave it out: the exact retriever has no plan");
    }
    if (threads < 0) {
      throw SpladeException.of("--threads", "is " + threads, "pass 0 (default) or more");
    }
    SearchOptions.checkRunTag(runTag);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults: split test, prefix BEIR, the spark retriever, plan auto. */
  public static final class Builder {
    private List<Path> data = List.of();
    private String split = DEFAULT_SPLIT;
    private String model;
    private Path graph;
    private Path out;
    private String aggregatePrefix = DEFAULT_AGGREGATE_PREFIX;
    private Retrieval retriever = Retrieval.SPARK;
    private String index;
    private Plan plan = Plan.AUTO;
    private int threads;
    private String runTag = DEFAULT_RUN_TAG;

    private Builder() {}

    /** The validated options; a {@link SpladeException} naming the bad option. */
    public EvaluateOptions build() {
      return new EvaluateOptions(
          data, split, model, graph, out, aggregatePrefix, retriever, index, plan, threads, runTag);
    }

    public Builder data(List<Path> v) {
      data = v;
      return this;
    }

    public Builder data(Path... v) {
      data = List.of(v);
      return this;
    }

    public Builder split(String v) {
      split = v;
      return this;
    }

    public Builder model(String v) {
      model = v;
      return this;
    }

    public Builder graph(Path v) {
      graph = v;
      return this;
    }

    public Builder out(Path v) {
      out = v;
      return this;
    }

    public Builder aggregatePrefix(String v) {
      aggregatePrefix = v;
      return this;
    }

    public Builder retriever(Retrieval v) {
      retriever = v;
      return this;
    }

    public Builder index(String v) {
      index = v;
      return this;
    }

    public Builder plan(Plan v) {
      plan = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder runTag(String v) {
      runTag = v;
      return this;
    }
  }
}
