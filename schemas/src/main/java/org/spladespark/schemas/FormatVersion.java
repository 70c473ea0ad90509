package org.spladespark.schemas;

import java.util.Map;
import org.spladespark.errors.SpladeException;

/**
 * Version of the table layout written by this pipeline, stored as the Delta table property {@value
 * #PROPERTY}. Readers refuse a newer major version rather than misread it.
 */
public final class FormatVersion {
  /** Delta table property holding the version. */
  public static final String PROPERTY = "splade.format.version";

  /**
   * Current version: 1 = doc_vectors, postings, token_stats, rejected_rows and models as defined
   * here.
   */
  public static final int CURRENT = 1;

  private FormatVersion() {}

  /**
   * Refuses the properties of a table written by a newer pipeline: {@value #PROPERTY} above {@link
   * #CURRENT}, or not a number. Properties without it pass.
   *
   * @param table the table as named in the message
   * @param properties the table's Delta properties (from Spark's or Delta Kernel's snapshot)
   */
  public static void check(String table, Map<String, String> properties) {
    String v = properties.get(PROPERTY);
    if (v == null) {
      return;
    }
    int version;
    try {
      version = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw SpladeException.of(
          table,
          "table property " + PROPERTY + " is '" + v + "', not a number",
          "rebuild the table with this version of splade-spark",
          e);
    }
    if (version > CURRENT) {
      throw SpladeException.of(
          table,
          "was written in table format version "
              + version
              + ", newer than the "
              + CURRENT
              + " this version reads",
          "upgrade splade-spark");
    }
  }
}
