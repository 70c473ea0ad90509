package org.spladespark.jobs.search;

import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.And;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Expression;
import io.delta.kernel.expressions.In;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.spladespark.jobs.models.ActiveModel;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.FormatVersion;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * An index folder's published tables read through Delta Kernel, without Spark: what a search on the
 * driver needs — the model (checked against the query model), token_stats and the postings of some
 * tokens — for {@link LocalSearch}.
 *
 * <p>The checks are Spark's, on the same inputs: {@link ActiveModel#require(String, String, List,
 * ModelBundle, String)} over the {@code models} rows of its latest version (the same messages),
 * then {@link FormatVersion#check} of doc_vectors, postings and token_stats at their latest
 * versions, in that order, as {@link IndexSearcher} does. Tables are then read at the versions the
 * model's row publishes ({@link PublishedIndex}), so commits after them are not seen.
 *
 * <p>{@link #open} returns null where Spark has to answer: no {@code models} table, a model row
 * without published versions, or a missing table. Not thread-safe.
 *
 * @param postings the postings table
 * @param published the versions published for the model searched
 * @param tokenStats the model's token_stats at its published version
 */
record KernelIndex(KernelTable postings, PublishedIndex published, TokenStats tokenStats) {

  /**
   * What {@link #open} reads before any check, so that it can be read while the query model loads:
   * the {@code models} rows by creation time then id (null without a {@code models} table), and
   * doc_vectors, postings and token_stats with the latest snapshot of each.
   */
  record Head(
      String registry, List<ModelRow> rows, Latest docVectors, Latest postings, Latest tokenStats) {

    List<Latest> tables() {
      return List.of(docVectors, postings, tokenStats);
    }
  }

  /** A table and its latest snapshot (null when the table is missing). */
  record Latest(KernelTable table, Snapshot snapshot) {
    Latest(Engine engine, TableRef ref) {
      this(new KernelTable(engine, ref.location()));
    }

    private Latest(KernelTable table) {
      this(table, table.latest());
    }
  }

  /** Reads the {@link Head} of the index folder of {@code index}. */
  static Head head(Engine engine, IndexTables index) {
    KernelTable models = new KernelTable(engine, index.folder() + "/" + ModelsTable.TABLE);
    Snapshot registry = models.latest();
    List<ModelRow> rows = null;
    if (registry != null) {
      rows = new ArrayList<>();
      for (org.apache.spark.sql.Row r : models.rows(registry)) {
        rows.add(ModelsTable.fromRow(r));
      }
      // The registry's order (ModelRegistry.list).
      rows.sort(Comparator.comparing(ModelRow::createdAt).thenComparing(ModelRow::modelId));
    }
    return new Head(
        models.path(),
        rows,
        new Latest(engine, index.docVectors()),
        new Latest(engine, index.postings()),
        new Latest(engine, index.tokenStats()));
  }

  /**
   * The published tables of the model to search in {@code index}, after the model and format
   * checks; null when only Spark can read them (see the class comment).
   *
   * @param head the {@link #head} of {@code index}
   * @param modelId the model to search; null = the active one
   */
  static KernelIndex open(Head head, IndexTables index, ModelBundle queryModel, String modelId) {
    if (head.rows() == null) {
      return null;
    }
    String folder = index.folder();
    List<ModelRow> rows = head.rows();
    String id = ActiveModel.require(head.registry(), folder, rows, queryModel, modelId).modelId();
    ModelRow row = rows.stream().filter(m -> m.modelId().equals(id)).findFirst().orElseThrow();
    PublishedIndex published = PublishedIndex.of(folder, row);
    if (!published.published()) {
      return null;
    }
    for (Latest t : head.tables()) {
      if (t.snapshot() == null) {
        return null;
      }
      FormatVersion.check(t.table().path(), t.snapshot().getTableProperties());
    }
    TokenStats stats =
        readStats(
            head.tokenStats().table(),
            published.version(TokenStatsTable.TABLE),
            id,
            index.tokenStats().toString());
    return new KernelIndex(head.postings().table(), published, stats);
  }

  String modelId() {
    return published.modelId();
  }

  private static TokenStats readStats(
      KernelTable table, long version, String modelId, String name) {
    List<int[]> ids = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    List<Long> df = new ArrayList<>();
    table.scan(
        table.at(version),
        List.of(
            TokenStatsTable.TOKEN_ID, TokenStatsTable.TOKEN, TokenStatsTable.DF, Columns.MODEL_ID),
        modelIs(modelId),
        (c, r) -> {
          if (modelId.equals(c[3].getString(r))) {
            ids.add(new int[] {c[0].getInt(r), tokens.size()});
            tokens.add(c[1].getString(r));
            df.add(c[2].getLong(r));
          }
        });
    ids.sort(Comparator.comparingInt(a -> a[0]));
    int n = ids.size();
    int[] sortedIds = new int[n];
    String[] sortedTokens = new String[n];
    long[] sortedDf = new long[n];
    for (int i = 0; i < n; i++) {
      int at = ids.get(i)[1];
      sortedIds[i] = ids.get(i)[0];
      sortedTokens[i] = tokens.get(at);
      sortedDf[i] = df.get(at);
    }
    return new TokenStats(name, sortedIds, sortedTokens, sortedDf);
  }

  /**
   * The ranked rows ({@link LocalScoring#RANKED}) of {@code batch} from the model's postings of the
   * batch's tokens at the published version; files are skipped by their token_id statistics.
   */
  List<org.apache.spark.sql.Row> rankPostings(QueryBatch batch, int k) {
    int[] wanted = batch.distinctTokens();
    if (wanted.length == 0) {
      return List.of();
    }
    List<Expression> in = new ArrayList<>(wanted.length);
    for (int t : wanted) {
      in.add(Literal.ofInt(t));
    }
    Predicate skip = new And(modelIs(modelId()), new In(new Column(PostingsTable.TOKEN_ID), in));
    String id = modelId();
    Postings p = new Postings();
    postings.scan(
        postings.at(published.version(PostingsTable.TABLE)),
        List.of(
            PostingsTable.TOKEN_ID, PostingsTable.DOC_ID, PostingsTable.WEIGHT, Columns.MODEL_ID),
        skip,
        (c, r) -> {
          int token = c[0].getInt(r);
          // distinctTokens() is sorted ascending.
          if (Arrays.binarySearch(wanted, token) >= 0 && id.equals(c[3].getString(r))) {
            p.add(token, c[1].getString(r), c[2].getFloat(r));
          }
        });
    return LocalScoring.rankPostings(
        Arrays.copyOf(p.tokens, p.n),
        Arrays.copyOf(p.docs, p.n),
        Arrays.copyOf(p.weights, p.n),
        batch,
        k);
  }

  private static Predicate modelIs(String modelId) {
    return new Predicate("=", new Column(Columns.MODEL_ID), Literal.ofString(modelId));
  }

  /** Growable postings columns. */
  private static final class Postings {
    int[] tokens = new int[1024];
    String[] docs = new String[1024];
    float[] weights = new float[1024];
    int n;

    void add(int token, String doc, float weight) {
      if (n == tokens.length) {
        tokens = Arrays.copyOf(tokens, 2 * n);
        docs = Arrays.copyOf(docs, 2 * n);
        weights = Arrays.copyOf(weights, 2 * n);
      }
      tokens[n] = token;
      docs[n] = doc;
      weights[n++] = weight;
    }
  }
}
