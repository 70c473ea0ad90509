package org.spladespark.jobs.search;

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

  private static IndexTables in(TableRef parent) {
    return new IndexTables(
        parent.child(DocVectorsTable.TABLE),
        parent.child(PostingsTable.TABLE),
        parent.child(TokenStatsTable.TABLE));
  }
}
