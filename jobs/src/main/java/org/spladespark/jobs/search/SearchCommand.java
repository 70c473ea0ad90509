package org.spladespark.jobs.search;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.schemas.TableRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code splade search}: the command line of {@link SearchJob}. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Exact top-k search of a query set against a SPLADE index.",
      "Writes a Delta table (search_results), JSON lines and/or a TREC run."
    })
public final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      description =
          "Queries file: JSON lines (_id, text; BEIR queries.jsonl) or TSV (id<TAB>text).")
  String queriesFile;

  @Option(
      names = "--queries-format",
      paramLabel = "FORMAT",
      description = "auto (from the file name), jsonl or tsv. Default: auto.")
  String queriesFormat = "auto";

  @Option(
      names = "--queries-table",
      paramLabel = "TABLE",
      description = "Queries table (path or name) with columns query_id (or _id, id) and text.")
  String queriesTable;

  @Option(
      names = "--index",
      paramLabel = "FOLDER",
      description = "Index folder holding the Delta tables doc_vectors, postings, token_stats.")
  String indexFolder;

  @Option(
      names = "--index-database",
      paramLabel = "DATABASE",
      description = "Database holding the index tables doc_vectors, postings, token_stats.")
  String indexDatabase;

  @Option(
      names = "--model",
      paramLabel = "FOLDER",
      description = "The model folder the index was encoded with (its query side is used).")
  String model;

  @Option(
      names = "--model-id",
      paramLabel = "ID",
      description =
          "Search only index rows of this model_id (needed when the index holds several).")
  String modelId;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description = "Hits per query. Default: ${DEFAULT-VALUE}.")
  int topK = SearchOptions.DEFAULT_TOP_K;

  @Option(
      names = "--plan",
      paramLabel = "PLAN",
      description =
          "auto, scan (broadcast queries, read all doc_vectors) or postings (read the queries'"
              + " postings only). Default: auto.")
  String plan = "auto";

  @Option(names = "--output-table", paramLabel = "TABLE", description = "Delta results table.")
  String outputTable;

  @Option(names = "--output-jsonl", paramLabel = "FILE", description = "JSON-lines results file.")
  String outputJsonl;

  @Option(names = "--output-trec", paramLabel = "FILE", description = "TREC run file.")
  String outputTrec;

  @Option(
      names = "--run-tag",
      paramLabel = "TAG",
      description = "Tag column of the TREC run. Default: ${DEFAULT-VALUE}.")
  String runTag = SearchOptions.DEFAULT_RUN_TAG;

  @Option(names = "--overwrite", description = "Replace existing outputs.")
  boolean overwrite;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: local[*], or the cluster's under spark-submit).")
  String master;

  /** The validated options; throws {@link SpladeException} naming the bad option. */
  public SearchOptions toOptions() {
    if ((queriesFile == null) == (queriesTable == null)) {
      throw SpladeException.of(
          "--queries/--queries-table",
          queriesFile == null ? "neither is given" : "both are given",
          "pass exactly one");
    }
    if ((indexFolder == null) == (indexDatabase == null)) {
      throw SpladeException.of(
          "--index/--index-database",
          indexFolder == null ? "neither is given" : "both are given",
          "pass exactly one");
    }
    return SearchOptions.builder()
        .queries(
            queriesFile != null
                ? QuerySource.file(
                    queriesFile, parse(QuerySource.Format.class, "--queries-format", queriesFormat))
                : QuerySource.table(TableRef.parse(queriesTable)))
        .index(
            indexFolder != null
                ? IndexTables.inFolder(indexFolder)
                : IndexTables.inDatabase(indexDatabase))
        .model(model)
        .modelId(modelId)
        .topK(topK)
        .plan(parse(Plan.class, "--plan", plan))
        .outputTable(outputTable == null ? null : TableRef.parse(outputTable))
        .outputJsonl(outputJsonl)
        .outputTrec(outputTrec)
        .runTag(runTag)
        .overwrite(overwrite)
        .build();
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder valid = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        valid.append(valid.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
      }
      throw SpladeException.of(option, "is '" + value + "'", "use one of " + valid);
    }
  }

  @Override
  public Integer call() {
    try {
      SearchOptions options = toOptions();
      SearchReport r;
      try (CommandSession session = CommandSession.start("splade search", master, null)) {
        r = SearchJob.run(session.spark(), options);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "searched %d queries (%d empty) with the %s plan (%s), model_id %s: %d hits%n",
              r.queries(), r.emptyQueries(), r.plan(), r.planReason(), r.modelId(), r.hits());
      return 0;
    } catch (RuntimeException e) {
      SpladeException se = spladeCause(e);
      if (se == null) {
        throw e;
      }
      spec.commandLine().getErr().println("splade search: " + se.getMessage());
      return 1;
    }
  }

  /** The SpladeException behind {@code e}, also when a Spark task failure wraps it. */
  static SpladeException spladeCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SpladeException se) {
        return se;
      }
    }
    return null;
  }
}
