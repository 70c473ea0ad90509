package org.spladespark.jobs.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.TableRef;

/**
 * The model an index serves, resolved from its {@code models} table, and the check that a query
 * model belongs to it. Search scores a query vector (the query model's weights) against document
 * vectors (an index model's): the two must come from the same model, or the scores mean nothing.
 *
 * <p>Search calls {@link #require(SparkSession, String, ModelBundle, String)} once per run, before
 * reading postings or doc_vectors, and filters those tables on {@link #modelId()}:
 *
 * <pre>{@code
 * String modelId = ActiveModel.require(spark, indexFolder, queryModel, requestedModelId).modelId();
 * }</pre>
 *
 * The query model matches when its {@link ModelBundle#queryAndTokenizerFingerprint()} (query
 * weights, both tokenizers, max sequence length) equals the one recorded when the index model was
 * registered ({@link ModelRow#queryFingerprint()}).
 *
 * <p>An index without a {@code models} table (written by {@code splade encode} alone) has no record
 * of its query weights: its model is the single {@code model_id} in {@code doc_vectors}, returned
 * with {@code registered = false} and not checked.
 *
 * @param modelId the {@code model_id} to read from the index tables
 * @param source the model folder or hub id it was encoded with; null when unknown
 * @param queryWeightsSha256 {@code QueryWeights.sha256()} of that model; null when unknown
 * @param queryFingerprint its query-side fingerprint; null when unknown
 * @param registered whether it comes from the {@code models} table
 */
public record ActiveModel(
    String modelId,
    String source,
    String queryWeightsSha256,
    String queryFingerprint,
    boolean registered) {

  private static final int SHOWN_HASH = 12;

  /**
   * The active model of the index under {@code index} (the folder of its tables).
   *
   * @throws SpladeException when the registry has no or several active models, or there is no
   *     registry and doc_vectors is missing, empty or holds several models
   */
  public static ActiveModel resolve(SparkSession spark, String index) {
    ModelRegistry registry = new ModelRegistry(spark, index);
    Optional<List<ModelRow>> rows = registry.registered();
    return rows.isPresent()
        ? active(registry.path(), index, rows.get())
        : unregistered(spark, index);
  }

  /** The single active row of {@code registered}, the rows of the registry at {@code path}. */
  private static ActiveModel active(String path, String index, List<ModelRow> registered) {
    List<ModelRow> active = registered.stream().filter(ModelRow::active).toList();
    if (active.size() != 1) {
      throw SpladeException.of(
          path,
          active.isEmpty()
              ? "has no active model (registered: " + ModelRegistry.ids(registered) + ")"
              : "has " + active.size() + " active models: " + ModelRegistry.ids(active),
          "activate one: splade models activate --index " + index + " MODEL_ID");
    }
    return of(active.get(0));
  }

  /** {@link #require(SparkSession, String, ModelBundle, String)} of the active model. */
  public static ActiveModel require(SparkSession spark, String index, ModelBundle queryModel) {
    return require(spark, index, queryModel, null);
  }

  /**
   * The model to search, checked against the query model.
   *
   * @param modelId a model to search instead of the active one (e.g. to compare a staged model
   *     before activating it); null = the active model
   * @throws SpladeException when the query model's weights or tokenizers are not the index model's,
   *     or {@code modelId} is not registered, or {@link #resolve} fails
   */
  public static ActiveModel require(
      SparkSession spark, String index, ModelBundle queryModel, String modelId) {
    ModelRegistry registry = new ModelRegistry(spark, index);
    Optional<List<ModelRow>> rows = registry.registered();
    if (rows.isPresent()) {
      return require(registry.path(), index, rows.get(), queryModel, modelId);
    }
    // No registry, no recorded query weights: nothing to check the query model against.
    return modelId == null
        ? unregistered(spark, index)
        : new ActiveModel(modelId, null, null, null, false);
  }

  /**
   * {@link #require(SparkSession, String, ModelBundle, String)} over registry rows already read (by
   * Spark or by Delta Kernel): the same choice, checks and messages.
   *
   * @param path the {@code models} table, as named in messages
   * @param index the index folder
   * @param registered the table's rows, by creation time then model id
   */
  public static ActiveModel require(
      String path,
      String index,
      List<ModelRow> registered,
      ModelBundle queryModel,
      String modelId) {
    ActiveModel target =
        modelId == null
            ? active(path, index, registered)
            : registered.stream()
                .filter(m -> m.modelId().equals(modelId))
                .findFirst()
                .map(ActiveModel::of)
                .orElseThrow(
                    () ->
                        SpladeException.of(
                            path,
                            "has no model '"
                                + modelId
                                + "' (registered: "
                                + ModelRegistry.ids(registered)
                                + ")",
                            "search a registered model; re-encode with a model to register it"));
    target.check(queryModel, registered);
    return target;
  }

  /** Throws unless {@code queryModel}'s query side is this model's (unknown = accepted). */
  private void check(ModelBundle queryModel, List<ModelRow> registered) {
    if (queryFingerprint == null
        || queryFingerprint.equals(queryModel.queryAndTokenizerFingerprint())) {
      return;
    }
    String weights = queryModel.queryWeights().sha256();
    String problem =
        weights.equals(queryWeightsSha256)
            ? "has the query weights of model "
                + modelId
                + " but another tokenizer or max sequence length"
            : "has query weights sha256 "
                + shortHash(weights)
                + " but the index serves model "
                + modelId
                + (source != null ? " (" + source + ")" : "")
                + " with query weights sha256 "
                + shortHash(queryWeightsSha256)
                + ": its queries would be scored against another model's document vectors";
    List<String> matching = new ArrayList<>();
    for (ModelRow m : registered) {
      if (queryModel.queryAndTokenizerFingerprint().equals(m.queryFingerprint())) {
        matching.add(m.modelId());
      }
    }
    String fix =
        "search with the index's model"
            + (source != null ? " " + source : "")
            + (matching.isEmpty()
                ? ", or re-encode the index with this model (splade reencode)"
                : ", or switch the index to model "
                    + matching.get(0)
                    + ", which this query model belongs to (splade models activate "
                    + matching.get(0)
                    + ", or search it with --model-id)");
    throw SpladeException.of(queryModel.root().toString(), problem, fix);
  }

  private static ActiveModel of(ModelRow m) {
    return new ActiveModel(
        m.modelId(), m.source(), m.queryWeightsSha256(), m.queryFingerprint(), true);
  }

  private static ActiveModel unregistered(SparkSession spark, String index) {
    TableRef docVectors = TableRef.path(index).child(DocVectorsTable.TABLE);
    String path = docVectors.location();
    if (!docVectors.exists(spark)) {
      throw SpladeException.of(
          index,
          "holds neither a models table nor doc_vectors",
          "point at the folder of an index built by splade encode or splade reencode");
    }
    List<Row> ids =
        docVectors
            .read(spark)
            .select(DocVectorsTable.MODEL_ID)
            .distinct()
            .orderBy(DocVectorsTable.MODEL_ID)
            .limit(3)
            .collectAsList();
    if (ids.size() != 1) {
      throw SpladeException.of(
          path,
          ids.isEmpty()
              ? "is empty"
              : "holds vectors of several models ("
                  + String.join(", ", ids.stream().map(r -> r.getString(0)).toList())
                  + (ids.size() > 2 ? ", …" : "")
                  + ") and the index has no models table to say which one is active",
          ids.isEmpty()
              ? "encode a corpus into the index first"
              : "re-encode with the model to serve (splade reencode registers and activates it)");
    }
    return new ActiveModel(ids.get(0).getString(0), null, null, null, false);
  }

  private static String shortHash(String h) {
    return h == null ? "unknown" : h.substring(0, Math.min(SHOWN_HASH, h.length()));
  }
}
