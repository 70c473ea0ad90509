package org.spladespark.jobs.search;

/** How a batch of queries is matched against the index. */
public enum Plan {
  /** Choose by {@link PlanRule}. */
  AUTO,
  /**
   * Broadcast the query vectors and read all of {@code doc_vectors} once, scoring every document
   * against every query in its partition and keeping a top-k per query and partition, then merge.
   */
  SCAN,
  /**
   * Read only the {@code postings} rows of the queries' distinct tokens ({@code token_id IN (...)},
   * which Delta file statistics serve when postings are clustered by token), bring each document's
   * rows together in token order and score them like {@link #SCAN}, then merge.
   */
  POSTINGS
}
