package org.spladespark.jobs.reencode;

import java.io.PrintStream;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.jobs.encode.DocVectorEncoding;
import org.spladespark.jobs.encode.IndexCommits;
import org.spladespark.jobs.encode.RunClock;
import org.spladespark.jobs.encode.Tuning;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.Predicates;
import org.spladespark.schemas.TableRef;

/**
 * The {@code doc_vectors} step of a re-encode: encodes the new and changed documents of a {@link
 * CorpusDiff} and writes them and the deletions in one commit — a plain write for a model new to
 * the index (it encodes as it goes, nothing kept), else a MERGE on (model_id, doc_id) whose source
 * is encoded once and kept (MERGE reads its source more than once).
 */
final class DocVectorsUpdate {
  private DocVectorsUpdate() {}

  static void write(
      SparkSession spark,
      IndexCommits commits,
      EncoderSpec spec,
      String modelId,
      Timestamp at,
      CorpusDiff diff,
      DocCounts c,
      long deleting,
      Tuning tuning,
      PrintStream console) {
    long n = c.toEncode();
    if (n == 0 && deleting == 0) {
      return;
    }
    int partitions = tuning.encodeTasks(n, spark.sparkContext().defaultParallelism());
    console.printf("encoding %,d documents in %d tasks%n", n, partitions);
    LongAccumulator progress = spark.sparkContext().longAccumulator("splade encoded documents");
    Dataset<Row> vectors =
        DocVectorEncoding.encode(
            diff.toEncode(), spec, modelId, at, n, tuning.chunkSize(), partitions, progress);
    TableRef tables = commits.tables();
    String dv = DocVectorsTable.TABLE;
    if (c.existing() == 0) {
      String byModel = Predicates.modelIs(modelId);
      RunClock.encoding(
          spark.sparkContext(),
          progress,
          n,
          tuning,
          console,
          () ->
              commits.write(
                  dv,
                  () -> {
                    tables
                        .child(dv)
                        .replace(
                            spark,
                            DocVectorsTable.SCHEMA,
                            FaultPoints.tap(vectors, FaultPoints.duringWrite(dv)),
                            byModel);
                    return null;
                  }));
      return;
    }
    vectors.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      RunClock.encoding(spark.sparkContext(), progress, n, tuning, console, vectors::count);
      commits.write(dv, () -> merge(spark, tables, modelId, vectors, diff, deleting));
    } finally {
      vectors.unpersist();
    }
  }

  private static Dataset<Row> merge(
      SparkSession spark,
      TableRef tables,
      String modelId,
      Dataset<Row> vectors,
      CorpusDiff diff,
      long deleting) {
    UpsertColumns columns = UpsertColumns.of(DocVectorsTable.SCHEMA, DocVectorsTable.DOC_ID);
    Dataset<Row> source = UpsertColumns.upserts(vectors);
    if (deleting > 0) {
      source = source.unionByName(columns.deletes(diff.missing(), modelId));
    }
    return columns.merge(
        tables.child(DocVectorsTable.TABLE).delta(spark),
        FaultPoints.tap(source, FaultPoints.duringWrite(DocVectorsTable.TABLE)),
        modelId,
        UpsertColumns.IS_UPSERT);
  }
}
