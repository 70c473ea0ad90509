package org.spladespark.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.cli.options.IndexSession;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.TableRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code splade models list|activate|rollback}: the model versions of an index ({@link
 * ModelRegistry}). Each changing subcommand is one Delta transaction on {@code models}.
 */
@Command(
    name = "models",
    description = "Lists, activates or rolls back the models of an index.",
    subcommands = {
      ModelsCommand.ListModels.class,
      ModelsCommand.ActivateModel.class,
      ModelsCommand.RollbackModels.class
    })
public final class ModelsCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Bare {@code splade models}: its subcommands, as bad usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "no subcommand given");
  }

  @Command(
      name = "list",
      description = "Lists the registered models, the active one marked *, with their documents.")
  static final class ListModels implements Callable<Integer> {
    @Mixin IndexSession index = new IndexSession();

    @Override
    public Integer call() {
      return index.execute("list", ModelsCommand::list);
    }
  }

  @Command(
      name = "activate",
      description = "Makes a registered model the active one (one commit on models).")
  static final class ActivateModel implements Callable<Integer> {
    @Mixin IndexSession index = new IndexSession();

    @Parameters(paramLabel = "MODEL_ID", description = "the model to activate")
    String modelId;

    @Override
    public Integer call() {
      return index.execute(
          "activate", (spark, folder, out) -> activate(spark, folder, modelId, out));
    }
  }

  @Command(
      resourceBundle = "org.spladespark.jobs.models.ModelsCommandHelp",
      name = "rollback",
      description = {
        "Restores models to the newest earlier version with another active model (Delta RESTORE,"
            + " one commit): readers use the previous model again.",
        "The data tables are not touched; the previous model's rows are still there."
      })
  static final class RollbackModels implements Callable<Integer> {
    @Mixin IndexSession index = new IndexSession();

    @Option(names = "--to-version", paramLabel = "N")
    Long toVersion;

    @Override
    public Integer call() {
      return index.execute(
          "rollback", (spark, folder, out) -> rollback(spark, folder, toVersion, out));
    }
  }

  /** Prints the registered models and the documents of each model in doc_vectors. */
  public static void list(SparkSession spark, String folder, PrintStream out) {
    ModelRegistry registry = new ModelRegistry(spark, folder);
    Map<String, Long> docs = new LinkedHashMap<>();
    TableRef dv = TableRef.path(folder).child(DocVectorsTable.TABLE);
    if (dv.exists(spark)) {
      for (Row r :
          dv.read(spark)
              .groupBy(DocVectorsTable.MODEL_ID)
              .agg(count(lit(1)))
              .orderBy(col(DocVectorsTable.MODEL_ID))
              .collectAsList()) {
        docs.put(r.getString(0), r.getLong(1));
      }
    }
    List<ModelRow> rows = registry.list();
    out.printf("models of %s (version %d):%n", registry.path(), registry.version());
    out.printf(
        Locale.ROOT,
        "  %-1s %-16s %10s %8s  %-24s %s%n",
        "",
        "MODEL_ID",
        "DOCS",
        "SYNCED",
        "CREATED",
        "SOURCE");
    for (ModelRow m : rows) {
      out.printf(
          Locale.ROOT,
          "  %-1s %-16s %10d %8s  %-24s %s%n",
          m.active() ? "*" : "",
          m.modelId(),
          docs.getOrDefault(m.modelId(), 0L),
          m.syncedVersion() == null ? "-" : "v" + m.syncedVersion(),
          m.createdAt().toInstant(),
          m.source() == null ? "(unknown)" : m.source());
      docs.remove(m.modelId());
    }
    for (Map.Entry<String, Long> d : docs.entrySet()) {
      out.printf(
          Locale.ROOT,
          "  %-1s %-16s %10d %8s  %-24s %s%n",
          "",
          d.getKey(),
          d.getValue(),
          "-",
          "-",
          "(vectors only, not registered: rolled back or written by splade encode)");
    }
  }

  /** Activates {@code modelId}; prints the change. */
  public static void activate(SparkSession spark, String folder, String modelId, PrintStream out) {
    ModelRegistry registry = new ModelRegistry(spark, folder);
    List<ModelRow> before = registry.active();
    registry.activate(modelId, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS)));
    out.printf(
        "active model: %s (was %s); models version %d%n",
        modelId, before.isEmpty() ? "none" : before.get(0).modelId(), registry.version());
  }

  /** Rolls back; prints the change. */
  public static void rollback(SparkSession spark, String folder, Long toVersion, PrintStream out) {
    ModelRegistry.Rollback r = new ModelRegistry(spark, folder).rollback(toVersion);
    out.printf(
        "active model: %s (was %s); restored models version %d as version %d%n",
        r.toModel(), r.fromModel(), r.restoredVersion(), r.newVersion());
  }
}
