package org.spladespark.jobs.encode;

import java.sql.Timestamp;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.encode.ModelFingerprint;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.ModelRow;

/** The {@code models} rows encode and re-encode write. */
public final class ModelRows {
  private ModelRows() {}

  /**
   * The row publishing a run of {@code model}: its checksums, the {@code doc_vectors} table id and
   * version its postings reflect, and the {@code postings} and {@code token_stats} versions.
   */
  public static ModelRow published(
      ExecutorEncoders.ResolvedModel model,
      String source,
      boolean active,
      String tableId,
      long docVectorsVersion,
      long postingsVersion,
      long tokenStatsVersion) {
    Timestamp now = RunClock.now();
    ModelBundle b = model.bundle();
    return new ModelRow(
        model.modelId(),
        source,
        b.queryWeights().sha256(),
        b.queryAndTokenizerFingerprint(),
        ModelFingerprint.sha256(model.pooledGraph()),
        now,
        active,
        null,
        tableId,
        docVectorsVersion,
        now,
        postingsVersion,
        tokenStatsVersion);
  }

  /** The row of a model known only by its id (found in the tables), active. */
  public static ModelRow unknown(String modelId, Timestamp now) {
    return new ModelRow(
        modelId, null, null, null, null, now, true, now, null, null, now, null, null);
  }
}
