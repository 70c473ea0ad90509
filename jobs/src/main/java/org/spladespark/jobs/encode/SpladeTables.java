package org.spladespark.jobs.encode;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.FormatVersion;

/**
 * The pipeline's Delta tables under one folder, {@code <folder>/<table>}, path-based (no catalog
 * needed, any Hadoop file system).
 *
 * <p>A table is created on first use with the schema of {@code org.spladespark.schemas} and the
 * property {@value FormatVersion#PROPERTY}; a table of a newer format version is refused before
 * anything is written. Writes replace exactly the rows of a predicate (Delta {@code replaceWhere},
 * typically {@code model_id = '…'}) in one transaction: readers see the old rows or the new ones,
 * never a mix, and rows of other models stay.
 */
public final class SpladeTables {
  private final SparkSession spark;
  private final String folder;

  public SpladeTables(SparkSession spark, String folder) {
    this.spark = spark;
    this.folder = folder;
  }

  public String folder() {
    return folder;
  }

  public String path(String table) {
    return folder + "/" + table;
  }

  public boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** Refuses a table written by a newer version of this pipeline. */
  public void checkVersion(String table) {
    if (!exists(table)) {
      return;
    }
    String v = properties(table).get(FormatVersion.PROPERTY);
    if (v != null && parseVersion(v, table) > FormatVersion.CURRENT) {
      throw SpladeException.of(
          path(table),
          "has table format version " + v + ", newer than this build's " + FormatVersion.CURRENT,
          "use a newer splade-spark, or write to another --output folder");
    }
  }

  /** The Delta table properties of an existing table. */
  public Map<String, String> properties(String table) {
    return DeltaTable.forPath(spark, path(table))
        .detail()
        .select("properties")
        .first()
        .getJavaMap(0);
  }

  private int parseVersion(String v, String table) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw SpladeException.of(
          path(table),
          "has an unreadable " + FormatVersion.PROPERTY + " '" + v + "'",
          "write to another --output folder",
          e);
    }
  }

  /**
   * Replaces the rows matching {@code predicate} by {@code rows}, in one Delta transaction,
   * creating the table if needed. Call {@link #checkVersion} first.
   */
  public void replace(String table, StructType schema, Dataset<Row> rows, String predicate) {
    create(table, schema, Map.of());
    rows.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        .save(path(table));
  }

  /**
   * Creates {@code table} with {@code schema}, the format version property and {@code properties}
   * if it does not exist (an existing table is left as it is).
   */
  public void create(String table, StructType schema, Map<String, String> properties) {
    DeltaTableBuilder b =
        DeltaTable.createIfNotExists(spark)
            .location(path(table))
            .addColumns(schema)
            .property(FormatVersion.PROPERTY, Integer.toString(FormatVersion.CURRENT));
    for (Map.Entry<String, String> p : properties.entrySet()) {
      b = b.property(p.getKey(), p.getValue());
    }
    b.execute();
  }

  public Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  /** {@code column = 'value'} with the value quoted as a Spark SQL string literal. */
  public static String equalsPredicate(String column, String value) {
    return column + " = '" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
