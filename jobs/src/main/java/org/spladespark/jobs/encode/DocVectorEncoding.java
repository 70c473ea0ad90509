package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorRow;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.vector.SparseVector;

/**
 * Encodes good documents into {@code doc_vectors} rows on the executors.
 *
 * <p>Determinism: a document's vector depends (by float noise, ~1e-6) on the batch it is encoded
 * with. Documents are therefore grouped into chunks by {@code pmod(xxhash64(doc_id), chunks)} with
 * {@code chunks = round(documents / chunkSize)} (at least {@value #MIN_CHUNKS} for small inputs),
 * each chunk is encoded by one call in {@code doc_id} order, and the encoder batches a chunk
 * deterministically (length-sorted, ties by position). The same documents with the same settings
 * give bit-identical vectors whatever the number of partitions, executors or task retries.
 *
 * <p>Memory: a task holds one chunk of texts and vectors at a time.
 */
public final class DocVectorEncoding {
  private DocVectorEncoding() {}

  /**
   * Chunks of small inputs: at least this many (one per document below it), so that a few dozen
   * long documents still spread over every core instead of making one chunk, hence one task. A
   * constant, not the cluster's parallelism, so that the vectors stay independent of the cluster.
   */
  public static final int MIN_CHUNKS = 64;

  /**
   * Chunks for {@code docs} documents: about {@code docs / chunkSize}, but at least min({@code
   * docs}, {@value #MIN_CHUNKS}) and at least 1.
   */
  public static long chunks(long docs, int chunkSize) {
    return Math.max(
        1L, Math.max(Math.round((double) docs / chunkSize), Math.min(docs, MIN_CHUNKS)));
  }

  /**
   * The doc_vectors rows of {@code good} ({@code doc_id}, {@code text}), lazily.
   *
   * @param progress incremented by the documents of each encoded chunk
   */
  public static Dataset<Row> encode(
      Dataset<Row> good,
      EncoderSpec spec,
      String modelId,
      Timestamp encodedAt,
      long docs,
      int chunkSize,
      int partitions,
      LongAccumulator progress) {
    long chunks = chunks(docs, chunkSize);
    int maxGroup = 2 * chunkSize;
    MapPartitionsFunction<Row, Row> encode =
        rows -> new ChunkEncoder(rows, spec, modelId, encodedAt, maxGroup, progress);
    return good.select(col(Columns.DOC_ID), col(SourceRows.TEXT))
        .withColumn("chunk", pmod(xxhash64(col(Columns.DOC_ID)), lit(chunks)))
        // Contiguous chunk ranges of about equal size per task (hash placement of ~20 chunks on
        // 6 tasks left some tasks with twice the work of others).
        .repartitionByRange(partitions, col("chunk"))
        .sortWithinPartitions("chunk", Columns.DOC_ID)
        .mapPartitions(encode, Encoders.row(DocVectorsTable.SCHEMA));
  }

  /** Encodes consecutive rows of one chunk at a time. */
  private static final class ChunkEncoder extends BatchIterator<Row> {
    private final Iterator<Row> rows;
    private final DocumentEncoder encoder;
    private final String modelId;
    private final String pruning;
    private final Timestamp encodedAt;
    private final int maxGroup;
    private final LongAccumulator progress;
    private final MessageDigest sha256;
    private Row pending;
    private int chunks;

    ChunkEncoder(
        Iterator<Row> rows,
        EncoderSpec spec,
        String modelId,
        Timestamp encodedAt,
        int maxGroup,
        LongAccumulator progress) {
      this.rows = rows;
      this.modelId = modelId;
      this.pruning = spec.pruning().toString();
      this.encodedAt = encodedAt;
      this.maxGroup = maxGroup;
      this.progress = progress;
      this.encoder = rows.hasNext() ? ExecutorEncoders.forCurrentTask(spec) : null;
      String here = rows.hasNext() ? ExecutorEncoders.model(spec).modelId() : modelId;
      if (!here.equals(modelId)) {
        throw SpladeException.of(
            spec.model(),
            "this executor reads model files with model_id "
                + here
                + " but the driver's are "
                + modelId,
            "make the model folder and graph identical on every node");
      }
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected boolean fill(List<Row> out) {
      List<String> ids = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      long chunk = 0;
      while ((pending != null || rows.hasNext()) && ids.size() < maxGroup) {
        Row r = pending != null ? pending : rows.next();
        pending = null;
        if (!ids.isEmpty() && r.getLong(2) != chunk) {
          pending = r;
          break;
        }
        chunk = r.getLong(2);
        ids.add(r.getString(0));
        texts.add(r.getString(1));
      }
      if (ids.isEmpty()) {
        return false;
      }
      List<SparseVector> vectors = encoder.encode(texts);
      for (int i = 0; i < ids.size(); i++) {
        out.add(
            DocVectorsTable.toRow(
                new DocVectorRow(
                    ids.get(i), vectors.get(i), hex(texts.get(i)), modelId, pruning, encodedAt)));
      }
      progress.add(ids.size());
      FaultPoints.chunkEncoded(++chunks);
      return true;
    }

    private String hex(String text) {
      return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Hex SHA-256 of the UTF-8 bytes of a text: the {@code text_sha256} column. */
  public static String textSha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
