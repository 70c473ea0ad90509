package org.spladespark.jobs.export;

import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.options.CorpusColumns;
import org.spladespark.jobs.cli.options.IndexSession;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.search.QuerySource;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splade export}: the command line of {@link ExportIndexJob}. */
@Command(resourceBundle = "org.spladespark.jobs.export.ExportCommandHelp", name = "export")
public final class ExportCommand implements Callable<Integer>, OptionsCommand<ExportOptions> {

  /** {@code --index} (its absence reported by {@link ExportOptions}) and {@code --master}. */
  @Mixin IndexSession session = new IndexSession();

  @Option(names = "--format", required = true)
  String format;

  @Mixin OutOption out = new OutOption();

  @Option(names = "--model-id")
  String modelId;

  @Option(names = "--quantize", paramLabel = "N", defaultValue = "0")
  int quantize;

  @Option(names = "--include-text")
  boolean includeText;

  @Option(names = "--corpus")
  String corpus;

  /** Worded for export in its bundle. */
  @Mixin CorpusColumns columns = new CorpusColumns();

  @Option(names = "--gzip")
  boolean gzip;

  @Option(names = "--files", defaultValue = "0")
  int files;

  /** Optional here: it spells the tokens (default: the index's token_stats). */
  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--queries")
  String queries;

  /** The validated options of the parsed fields. */
  @Override
  public ExportOptions toOptions() {
    if (includeText != (corpus != null)) {
      throw SpladeException.of(
          includeText ? "--include-text" : "--corpus",
          includeText ? "needs the corpus" : "is only read with --include-text",
          "pass --include-text and --corpus CORPUS together");
    }
    CorpusInput text =
        includeText ? columns.input(Locations.pathOrTable(corpus), InputFormat.AUTO) : null;
    return new ExportOptions(
        session.folderOrNull(),
        ExportFormat.parse(format),
        out.location(),
        modelId,
        quantize,
        text,
        gzip,
        files,
        new ExportOptions.QuerySide(
            model.orNull(), queries == null ? null : QuerySource.file(Locations.path(queries))));
  }

  @Override
  public Integer call() {
    return session.run(
        "export",
        this::toOptions,
        o -> {},
        (spark, o, console) -> console.println(ExportIndexJob.run(spark, o, console).summary()));
  }
}
