package org.spladespark.jobs.search;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * Where an index's tables are. An index needs {@code doc_vectors} or {@code postings} (ideally
 * both); {@code token_stats} is optional and only sharpens the plan choice.
 *
 * @param docVectors the {@code doc_vectors} table
 * @param postings the {@code postings} table
 * @param tokenStats the {@code token_stats} table
 */
public record IndexTables(TableRef docVectors, TableRef postings, TableRef tokenStats) {

  public IndexTables {
    if (docVectors == null || postings == null || tokenStats == null) {
      throw new IllegalArgumentException("all three table locations are needed");
    }
  }

  /** {@code dir/doc_vectors}, {@code dir/postings} and {@code dir/token_stats}. */
  public static IndexTables inFolder(String dir) {
    return in(TableRef.path(dir));
  }

  /** Catalog tables {@code db.doc_vectors}, {@code db.postings} and {@code db.token_stats}. */
  public static IndexTables inDatabase(String db) {
    return in(TableRef.name(db));
  }

  /** The folder holding the tables when they are paths laid out by {@link #inFolder}, else null. */
  public String folder() {
    String loc = docVectors.location();
    String suffix = "/" + DocVectorsTable.TABLE;
    return docVectors.isPath() && loc.endsWith(suffix)
        ? loc.substring(0, loc.length() - suffix.length())
        : null;
  }

  /**
   * The versions published for model {@code modelId} in the folder's {@code models} table ({@link
   * PublishedIndex}); null (read the latest versions) for catalog tables or no model id.
   */
  public PublishedIndex published(SparkSession spark, String modelId) {
    String folder = folder();
    return folder == null || modelId == null ? null : PublishedIndex.open(spark, folder, modelId);
  }

  /**
   * {@code table} (one of this index's) at the version {@code published} names, so a reader never
   * mixes the tables of two runs; the latest version when {@code published} is null.
   */
  public Dataset<Row> read(SparkSession spark, TableRef table, PublishedIndex published) {
    if (published == null) {
      return table.read(spark);
    }
    String name =
        table.equals(docVectors)
            ? DocVectorsTable.TABLE
            : table.equals(postings) ? PostingsTable.TABLE : TokenStatsTable.TABLE;
    return table.read(spark, published.version(name));
  }

  private static IndexTables in(TableRef parent) {
    return new IndexTables(
        parent.child(DocVectorsTable.TABLE),
        parent.child(PostingsTable.TABLE),
        parent.child(TokenStatsTable.TABLE));
  }
}
