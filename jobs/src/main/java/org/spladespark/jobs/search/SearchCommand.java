package org.spladespark.jobs.search;

import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.options.Choices;
import org.spladespark.jobs.cli.options.IndexOption;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.cli.options.OverwriteOption;
import org.spladespark.jobs.cli.options.Preflight;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.spark.LocalSpark;
import org.spladespark.jobs.spark.OptionsCommand;
import org.spladespark.schemas.TableRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code splade search}: the command line of {@link SearchJob}. */
@Command(resourceBundle = "org.spladespark.jobs.search.SearchCommandHelp", name = "search")
public final class SearchCommand implements Callable<Integer>, OptionsCommand<SearchOptions> {
  @Spec CommandSpec spec;

  @Option(names = "--queries", paramLabel = "FILE")
  String queriesFile;

  @Option(names = "--queries-format", paramLabel = "FORMAT")
  String queriesFormat = "auto";

  @Option(names = "--queries-table", paramLabel = "TABLE")
  String queriesTable;

  @Mixin IndexOption index = new IndexOption();

  @Option(names = "--index-database", paramLabel = "DATABASE")
  String indexDatabase;

  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--model-id", paramLabel = "ID")
  String modelId;

  @Option(names = "--top-k", paramLabel = "K")
  int topK = SearchOptions.DEFAULT_TOP_K;

  @Option(names = "--plan", paramLabel = "PLAN")
  String plan = "auto";

  @Option(names = "--output-table", paramLabel = "TABLE")
  String outputTable;

  @Option(names = "--output-jsonl", paramLabel = "FILE")
  String outputJsonl;

  @Option(names = "--output-trec", paramLabel = "FILE")
  String outputTrec;

  @Option(names = "--run-tag", paramLabel = "TAG")
  String runTag = SearchOptions.DEFAULT_RUN_TAG;

  @Mixin OverwriteOption overwrite = new OverwriteOption();

  @Mixin MasterOption master = new MasterOption();

  /** The validated options; throws {@link SpladeException} naming the bad option. */
  @Override
  public SearchOptions toOptions() {
    if ((queriesFile == null) == (queriesTable == null)) {
      throw SpladeException.of(
          "--queries/--queries-table",
          queriesFile == null ? "neither is given" : "both are given",
          "pass exactly one");
    }
    String indexFolder = index.orNull();
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
                    Locations.path(queriesFile),
                    Choices.parse(QuerySource.Format.class, "--queries-format", queriesFormat))
                : QuerySource.table(table(queriesTable)))
        .index(
            indexFolder != null
                ? IndexTables.inFolder(indexFolder)
                : IndexTables.inDatabase(indexDatabase))
        .model(model.required())
        .modelId(modelId)
        .topK(topK)
        .plan(Choices.parse(Plan.class, "--plan", plan))
        .outputTable(outputTable == null ? null : table(outputTable))
        .outputJsonl(Locations.path(outputJsonl))
        .outputTrec(Locations.path(outputTrec))
        .runTag(runTag)
        .overwrite(overwrite.overwrite())
        .build();
  }

  /** A table option: a catalog name as it is, a path ({@link TableRef#parse}) made absolute. */
  private static TableRef table(String s) {
    TableRef t = TableRef.parse(s);
    return t.isPath() ? TableRef.path(Locations.path(s)) : t;
  }

  @Override
  public Integer call() {
    SearchOptions options =
        Commands.validated(
            spec, this::toOptions, o -> Preflight.exists("--queries", o.queries().file()));
    // A run Spark would serve on the driver is served without starting Spark at all.
    SearchReport r =
        LocalSearch.eligible(options, master.master(), LocalSpark.underSubmit(master.master()))
            ? LocalSearch.run(options)
            : null;
    if (r == null) {
      try (CommandSession session = master.session("splade search")) {
        r = SearchJob.run(session.spark(), options);
      }
    }
    spec.commandLine()
        .getOut()
        .printf(
            "searched %d queries (%d empty) with the %s plan (%s), model_id %s: %d hits%n",
            r.queries(), r.emptyQueries(), r.plan(), r.planReason(), r.modelId(), r.hits());
    return 0;
  }
}
