package org.spladespark.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * One model's tables as the index last published them: what every reader (search, {@code
 * SpladeIndex}, stats, verify, export) reads, so that none sees a half-written run.
 *
 * <p>A run writes {@code doc_vectors}, {@code postings} and {@code token_stats}, then publishes the
 * Delta version of each in the model's {@code models} row ({@code synced_version}, {@code
 * postings_version}, {@code token_stats_version}) — one commit. {@link #read} reads a table at its
 * published version (Delta time travel, {@code versionAsOf}), filtered to the model. Commits after
 * those versions (a run in progress, a killed run) are invisible until a run publishes them.
 *
 * <p>A model without published versions (an index written before publishing existed, or a model
 * without a {@code models} row) is read at the latest versions: the old behaviour.
 *
 * <p>Immutable and thread-safe; each {@link #read} plans a new Dataset.
 *
 * @param folder the index folder
 * @param modelId the model
 * @param docVectors the published {@code doc_vectors} version; null = latest
 * @param postings the published {@code postings} version; null = latest
 * @param tokenStats the published {@code token_stats} version; null = latest
 */
public record PublishedIndex(
    String folder, String modelId, Long docVectors, Long postings, Long tokenStats) {

  /**
   * The published tables of {@code modelId} in {@code folder}, or of its active model when null.
   *
   * @throws org.spladespark.errors.SpladeException as {@link ActiveModel#resolve} when {@code
   *     modelId} is null and there is no single active model
   */
  public static PublishedIndex open(SparkSession spark, String folder, String modelId) {
    String id = modelId != null ? modelId : ActiveModel.resolve(spark, folder).modelId();
    ModelRegistry registry = new ModelRegistry(spark, folder);
    Optional<ModelRow> row = registry.find(id);
    return row.map(r -> of(folder, r)).orElse(new PublishedIndex(folder, id, null, null, null));
  }

  /**
   * Every model a reader can see: each registered model at its published versions, or, in an index
   * without {@code models}, each model of {@code doc_vectors} at the latest versions.
   */
  public static List<PublishedIndex> all(SparkSession spark, String folder) {
    ModelRegistry registry = new ModelRegistry(spark, folder);
    List<PublishedIndex> out = new ArrayList<>();
    Optional<List<ModelRow>> rows = registry.registered();
    if (rows.isPresent()) {
      for (ModelRow r : rows.get()) {
        out.add(of(folder, r));
      }
      return out;
    }
    TableRef dv = TableRef.path(folder).child(DocVectorsTable.TABLE);
    if (dv.exists(spark)) {
      for (Row r :
          dv.read(spark)
              .select(Columns.MODEL_ID)
              .distinct()
              .orderBy(Columns.MODEL_ID)
              .collectAsList()) {
        out.add(new PublishedIndex(folder, r.getString(0), null, null, null));
      }
    }
    return out;
  }

  /** The versions {@code row} publishes (all null when it publishes none). */
  public static PublishedIndex of(String folder, ModelRow row) {
    boolean published =
        row.syncedVersion() != null
            && row.postingsVersion() != null
            && row.tokenStatsVersion() != null;
    return published
        ? new PublishedIndex(
            folder,
            row.modelId(),
            row.syncedVersion(),
            row.postingsVersion(),
            row.tokenStatsVersion())
        : new PublishedIndex(folder, row.modelId(), null, null, null);
  }

  /** Whether the model's versions were published (else the latest versions are read). */
  public boolean published() {
    return docVectors != null;
  }

  /** The published version of {@code table} ({@code doc_vectors}, ...); null = latest. */
  public Long version(String table) {
    return switch (table) {
      case DocVectorsTable.TABLE -> docVectors;
      case PostingsTable.TABLE -> postings;
      case TokenStatsTable.TABLE -> tokenStats;
      default -> null;
    };
  }

  /** The table {@code folder/table}. */
  private TableRef table(String table) {
    return TableRef.path(folder).child(table);
  }

  /** The model's rows of {@code table} at its published version. */
  public Dataset<Row> read(SparkSession spark, String table) {
    return table(table)
        .read(spark, version(table))
        .where(col(Columns.MODEL_ID).equalTo(lit(modelId)));
  }

  /**
   * Every visible row of the index table at {@code tablePath} ({@code <folder>/doc_vectors}, {@code
   * postings} or {@code token_stats}): each model's rows at its published version ({@link #all});
   * another table at its latest version.
   */
  public static Dataset<Row> readTable(SparkSession spark, String tablePath) {
    for (String name : List.of(DocVectorsTable.TABLE, PostingsTable.TABLE, TokenStatsTable.TABLE)) {
      if (tablePath.endsWith("/" + name)) {
        String folder = tablePath.substring(0, tablePath.length() - name.length() - 1);
        Dataset<Row> out = null;
        for (PublishedIndex p : all(spark, folder)) {
          Dataset<Row> rows = p.read(spark, name);
          out = out == null ? rows : out.unionByName(rows);
        }
        return out != null ? out : TableRef.path(tablePath).read(spark);
      }
    }
    return TableRef.path(tablePath).read(spark);
  }
}
