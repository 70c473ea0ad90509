package org.spladespark.schemas;

import java.io.Serializable;
import java.sql.Timestamp;

/**
 * One row of {@code models}, the registry of the models whose vectors an index holds. Exactly one
 * row is {@code active}: the model readers (search) use. Switching models is one Delta transaction
 * on this table; rolling back is restoring its previous version.
 *
 * @param modelId the {@code model_id} fingerprint of the rows in doc_vectors, postings, token_stats
 * @param source the model as given to the job (folder or hub id); null when registered from
 *     existing tables
 * @param queryWeightsSha256 {@code QueryWeights.sha256()}: what search's query weights must match;
 *     null when unknown
 * @param queryFingerprint {@code ModelBundle.queryAndTokenizerFingerprint()} (query weights, both
 *     tokenizers, max sequence length); null when unknown
 * @param graphSha256 SHA-256 of the pooled document graph file; null when unknown
 * @param createdAt when the row was first written
 * @param active whether readers use this model
 * @param activatedAt when it last became active; null if never
 * @param syncedTableId the Delta table id of {@code doc_vectors} that {@code syncedVersion} refers
 *     to
 * @param syncedVersion the {@code doc_vectors} version whose rows of this model {@code postings}
 *     and {@code token_stats} are known to reflect; null = unknown (rebuilt on the next re-encode)
 * @param updatedAt when a job last wrote the row
 * @param postingsVersion the {@code postings} version published with {@code syncedVersion}: readers
 *     read the model's postings at it (Delta time travel); null = not published (read the latest)
 * @param tokenStatsVersion the {@code token_stats} version published with it; null = not published
 */
public record ModelRow(
    String modelId,
    String source,
    String queryWeightsSha256,
    String queryFingerprint,
    String graphSha256,
    Timestamp createdAt,
    boolean active,
    Timestamp activatedAt,
    String syncedTableId,
    Long syncedVersion,
    Timestamp updatedAt,
    Long postingsVersion,
    Long tokenStatsVersion)
    implements Serializable {

  /** This row publishing another {@code postings} version, written {@code now}. */
  public ModelRow withPostingsVersion(long version, Timestamp now) {
    return new ModelRow(
        modelId,
        source,
        queryWeightsSha256,
        queryFingerprint,
        graphSha256,
        createdAt,
        active,
        activatedAt,
        syncedTableId,
        syncedVersion,
        now,
        version,
        tokenStatsVersion);
  }
}
