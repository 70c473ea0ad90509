package org.spladespark.jobs.search;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.FormatVersion;

/**
 * A Delta table given either by path (a location containing {@code /}, {@code \} or a scheme such
 * as {@code s3://}) or by catalog name ({@code db.table}).
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
  TableRef child(String child) {
    return isPath
        ? path(location.endsWith("/") ? location + child : location + "/" + child)
        : name(location + "." + child);
  }

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

  /** Whether the table exists (a Delta table, for a path). */
  public boolean exists(SparkSession spark) {
    return isPath
        ? DeltaTable.isDeltaTable(spark, location)
        : spark.catalog().tableExists(location);
  }

  /**
   * Refuses a table written by a newer pipeline, whose {@value FormatVersion#PROPERTY} property is
   * above {@link FormatVersion#CURRENT}; tables without the property are accepted.
   */
  void checkFormatVersion(SparkSession spark) {
    DeltaTable t =
        isPath ? DeltaTable.forPath(spark, location) : DeltaTable.forName(spark, location);
    Row detail = t.detail().first();
    Map<String, String> props = detail.getJavaMap(detail.fieldIndex("properties"));
    String v = props.get(FormatVersion.PROPERTY);
    if (v == null) {
      return;
    }
    int version;
    try {
      version = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw SpladeException.of(
          toString(),
          "table property " + FormatVersion.PROPERTY + " is '" + v + "', not a number",
          "rebuild the table with this version of splade-spark");
    }
    if (version > FormatVersion.CURRENT) {
      throw SpladeException.of(
          toString(),
          "was written in table format version "
              + version
              + ", newer than the "
              + FormatVersion.CURRENT
              + " this version reads",
          "upgrade splade-spark");
    }
  }

  @Override
  public String toString() {
    return isPath ? location : "table " + location;
  }
}
