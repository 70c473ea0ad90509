package org.spladespark.schemas;

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
}
