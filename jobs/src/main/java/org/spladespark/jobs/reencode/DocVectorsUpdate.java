package org.spladespark.jobs.reencode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.jobs.encode.DocVectorEncoding;
import org.spladespark.jobs.encode.IndexCommits;
import org.spladespark.jobs.encode.RunClock;
import org.spladespark.jobs.encode.Tuning;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.schemas.Columns;
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
    Dataset<Row> source = vectors.withColumn("op", lit("upsert"));
    if (deleting > 0) {
      source =
          source.unionByName(
              diff.missing()
                  .select(
                      col(Columns.DOC_ID),
                      lit(null)
                          .cast(DataTypes.createArrayType(DataTypes.IntegerType, false))
                          .as(Columns.TOKEN_IDS),
                      lit(null)
                          .cast(DataTypes.createArrayType(DataTypes.FloatType, false))
                          .as(Columns.WEIGHTS),
                      lit(null).cast(DataTypes.IntegerType).as(Columns.ACTIVE_DIMS),
                      lit(null).cast(DataTypes.StringType).as("text_sha256"),
                      lit(modelId).as(Columns.MODEL_ID),
                      lit(null).cast(DataTypes.StringType).as("pruning"),
                      lit(null).cast(DataTypes.TimestampType).as("encoded_at"),
                      lit("delete").as("op")));
    }
    UpsertColumns columns = UpsertColumns.of(DocVectorsTable.SCHEMA, Columns.DOC_ID);
    return tables
        .child(DocVectorsTable.TABLE)
        .delta(spark)
        .as("t")
        .merge(
            FaultPoints.tap(source, FaultPoints.duringWrite(DocVectorsTable.TABLE)).as("s"),
            "t."
                + Predicates.modelIs(modelId)
                + " AND t.model_id = s.model_id AND t.doc_id = s.doc_id")
        .whenMatched("s.op = 'delete'")
        .delete()
        .whenMatched("s.op = 'upsert'")
        .updateExpr(columns.update())
        .whenNotMatched("s.op = 'upsert'")
        .insertExpr(columns.insert())
        .execute();
  }
}
