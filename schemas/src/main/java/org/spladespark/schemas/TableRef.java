package org.spladespark.schemas;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Delta table given either by path (a location containing {@code /}, {@code \} or a scheme such
 * as {@code s3://}) or by catalog name ({@code db.table}): the one way the pipeline reads, creates,
 * replaces and version-checks its tables. An index is a folder (or database) of such tables, {@link
 * #child} each.
 *
 * <p>A table is created with its schema and the property {@value FormatVersion#PROPERTY}; a table
 * of a newer format version is refused ({@link #checkFormatVersion}) before anything is read or
 * written. {@link #replace} replaces exactly the rows of a predicate (Delta {@code replaceWhere},
 * typically {@code model_id = '…'}, see {@link Predicates}) in one transaction: readers see the old
 * rows or the new ones, never a mix, and rows of other models stay.
 *
 * @param location the path or the table name
 * @param isPath whether {@code location} is a path
 */
public record TableRef(String location, boolean isPath) {

  public TableRef {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("empty table location");
    }
  }

  /** A path if {@code s} looks like one, else a catalog table name. */
  public static TableRef parse(String s) {
    boolean path = s.contains("/") || s.contains("\\") || s.contains(":") || s.startsWith(".");
    return new TableRef(s, path);
  }

  public static TableRef path(String path) {
    return new TableRef(path, true);
  }

  public static TableRef name(String name) {
    return new TableRef(name, false);
  }

  /** The Delta table {@code child} inside this folder or database. */
  public TableRef child(String child) {
    return isPath
        ? path(location.endsWith("/") ? location + child : location + "/" + child)
        : name(location + "." + child);
  }

  /** The latest version of the table. */
  public Dataset<Row> read(SparkSession spark) {
    return read(spark, null);
  }

  /** The table at {@code version} (Delta time travel), or the latest version when null. */
  public Dataset<Row> read(SparkSession spark, Long version) {
    DataFrameReader r = spark.read().format("delta");
    if (version != null) {
      r = r.option("versionAsOf", version);
    }
    return isPath ? r.load(location) : r.table(location);
  }

  /**
   * The change data feed of versions {@code from..to} (both included): the table's columns plus
   * Delta's {@code _change_type}, {@code _commit_version}, {@code _commit_timestamp}. Fails when
   * the feed of the range was not recorded or its files are gone.
   */
  public Dataset<Row> readChanges(SparkSession spark, long from, long to) {
    DataFrameReader r =
        spark
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", from)
            .option("endingVersion", to);
    return isPath ? r.load(location) : r.table(location);
  }

  /** Whether the table exists (a Delta table, for a path). */
  public boolean exists(SparkSession spark) {
    return isPath
        ? DeltaTable.isDeltaTable(spark, location)
        : spark.catalog().tableExists(location);
  }

  /** The Delta API handle of the existing table. */
  public DeltaTable delta(SparkSession spark) {
    return isPath ? DeltaTable.forPath(spark, location) : DeltaTable.forName(spark, location);
  }

  /** The latest version of the existing table. */
  public long version(SparkSession spark) {
    return snapshot(spark).version();
  }

  /**
   * The table's identity and latest version, read from one snapshot: {@code (id, version)} names
   * exactly one set of rows, even across a table deleted and created again at the same path.
   */
  public record Head(String id, long version) {}

  /** The {@link Head} of the existing table. */
  public Head head(SparkSession spark) {
    Snapshot s = snapshot(spark);
    return new Head(s.metadata().id(), s.version());
  }

  /** The Delta table id of the existing table (changes when the table is recreated). */
  public String id(SparkSession spark) {
    return snapshot(spark).metadata().id();
  }

  /** The Delta table properties of the existing table. */
  public Map<String, String> properties(SparkSession spark) {
    return CollectionConverters.asJava(snapshot(spark).metadata().configuration());
  }

  /**
   * The table's latest snapshot: its version, metadata and properties come from the log's newest
   * commit and checksum files, without the Spark job that {@code DeltaTable.history} or {@code
   * detail} runs (they reconstruct the whole file list), so checking a table costs a file listing.
   */
  private Snapshot snapshot(SparkSession spark) {
    if (isPath) {
      return DeltaLog.forTableWithSnapshot(spark, location)._2();
    }
    try {
      return DeltaLog.forTableWithSnapshot(
              spark, spark.sessionState().sqlParser().parseTableIdentifier(location))
          ._2();
    } catch (ParseException e) {
      throw SpladeException.of(
          "table name '" + location + "'", "cannot be parsed", "pass db.table or a path", e);
    }
  }

  /**
   * Refuses a table written by a newer pipeline, whose {@value FormatVersion#PROPERTY} property is
   * above {@link FormatVersion#CURRENT}; tables without the property, and absent tables, pass.
   *
   * @return whether the table exists (so a caller needs no second existence check)
   */
  public boolean checkFormatVersion(SparkSession spark) {
    boolean exists = exists(spark);
    if (exists) {
      FormatVersion.check(toString(), properties(spark));
    }
    return exists;
  }

  /**
   * Creates the table with {@code schema}, the format version property and {@code properties} if it
   * does not exist (an existing table is left as it is). Creating it first keeps the schema's
   * non-nullable columns, which a DataFrame write would make nullable.
   */
  public void create(SparkSession spark, StructType schema, Map<String, String> properties) {
    DeltaTableBuilder b = DeltaTable.createIfNotExists(spark);
    b = isPath ? b.location(location) : b.tableName(location);
    b =
        b.addColumns(schema)
            .property(FormatVersion.PROPERTY, Integer.toString(FormatVersion.CURRENT));
    for (Map.Entry<String, String> p : properties.entrySet()) {
      b = b.property(p.getKey(), p.getValue());
    }
    b.execute();
  }

  /**
   * Replaces the rows matching {@code predicate} by {@code rows}, in one Delta transaction,
   * creating the table with {@code schema} if needed. Call {@link #checkFormatVersion} first.
   */
  public void replace(SparkSession spark, StructType schema, Dataset<Row> rows, String predicate) {
    create(spark, schema, Map.of());
    save(rows.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", predicate));
  }

  /**
   * Appends {@code rows} or, with {@code overwrite}, replaces the whole table atomically, creating
   * it with {@code schema} if needed.
   */
  public void write(SparkSession spark, StructType schema, Dataset<Row> rows, boolean overwrite) {
    create(spark, schema, Map.of());
    DataFrameWriter<Row> w =
        rows.write().format("delta").mode(overwrite ? SaveMode.Overwrite : SaveMode.Append);
    if (isPath) {
      w.save(location);
    } else {
      w.insertInto(location);
    }
  }

  /**
   * Replaces the table, schema included, by {@code rows} (derived tables such as the stats tables),
   * after checking that {@code rows} has the columns of {@code schema}: the same names, in the same
   * order, of the same types (nullability aside: Delta keeps computed columns nullable).
   *
   * @throws IllegalStateException if the computed columns differ from {@code schema}: a bug in the
   *     query that computes the table, never a user error
   */
  public void overwrite(StructType schema, Dataset<Row> rows) {
    if (!sameColumns(schema, rows.schema())) {
      throw new IllegalStateException(
          this
              + ": the computed columns "
              + rows.schema().simpleString()
              + " differ from the table's declared schema "
              + schema.simpleString());
    }
    save(rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true"));
  }

  /**
   * Whether {@code a} and {@code b} have the same column names and types, in order (nullability and
   * column metadata aside).
   */
  static boolean sameColumns(StructType a, StructType b) {
    StructField[] x = a.fields();
    StructField[] y = b.fields();
    if (x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (!x[i].name().equals(y[i].name()) || !x[i].dataType().equals(y[i].dataType())) {
        return false;
      }
    }
    return true;
  }

  private void save(DataFrameWriter<Row> w) {
    if (isPath) {
      w.save(location);
    } else {
      w.saveAsTable(location);
    }
  }

  @Override
  public String toString() {
    return isPath ? location : "table " + location;
  }
}
