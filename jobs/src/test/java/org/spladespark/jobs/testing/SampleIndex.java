package org.spladespark.jobs.testing;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;

/**
 * A tiny hand-made index for the analytics tests: {@code doc_vectors} and {@code postings} (schemas
 * of module {@code schemas}) plus a corpus table, small enough to compute every figure by hand.
 *
 * <pre>
 * model m1            source  vector (token id: weight)
 *   d1                a       1: 0.5, 2: 2.0, 3: 1.0, 4: 0.25
 *   d2                b       2: 1.0, 5: 3.0
 *   d3                a       2: 4.0
 *   d4                b       (empty)
 * model m2
 *   d1                        2: 1.0, 3: 1.0
 *   d2                        2: 1.0, 5: 1.0, 6: 1.0
 * </pre>
 */
public final class SampleIndex {
  private SampleIndex() {}

  public record Doc(String model, String id, int[] ids, float[] weights) {}

  public static final List<Doc> DOCS =
      List.of(
          new Doc("m1", "d1", new int[] {1, 2, 3, 4}, new float[] {0.5f, 2f, 1f, 0.25f}),
          new Doc("m1", "d2", new int[] {2, 5}, new float[] {1f, 3f}),
          new Doc("m1", "d3", new int[] {2}, new float[] {4f}),
          new Doc("m1", "d4", new int[] {}, new float[] {}),
          new Doc("m2", "d1", new int[] {2, 3}, new float[] {1f, 1f}),
          new Doc("m2", "d2", new int[] {2, 5, 6}, new float[] {1f, 1f, 1f}));

  /** Writes doc_vectors of {@code docs} as a Delta table at {@code path}. */
  public static void writeDocVectors(SparkSession spark, Path path, List<Doc> docs) {
    List<Row> rows = new ArrayList<>();
    Timestamp t = Timestamp.valueOf("2026-01-01 00:00:00");
    for (Doc d : docs) {
      List<Integer> ids = new ArrayList<>();
      List<Float> ws = new ArrayList<>();
      for (int i = 0; i < d.ids().length; i++) {
        ids.add(d.ids()[i]);
        ws.add(d.weights()[i]);
      }
      rows.add(
          RowFactory.create(
              d.id(), ids, ws, d.ids().length, "sha-" + d.id(), d.model(), "none", t));
    }
    spark
        .createDataFrame(rows, DocVectorsTable.SCHEMA)
        .write()
        .format("delta")
        .save(path.toString());
  }

  /** Writes {@code <dir>/doc_vectors}, {@code <dir>/postings} and {@code <dir>/corpus}. */
  public static Path write(SparkSession spark, Path dir) {
    writeDocVectors(spark, dir.resolve("doc_vectors"), DOCS);
    List<Row> postings = new ArrayList<>();
    for (Doc d : DOCS) {
      for (int i = 0; i < d.ids().length; i++) {
        postings.add(RowFactory.create(d.ids()[i], d.id(), d.weights()[i], d.model()));
      }
    }
    spark
        .createDataFrame(postings, PostingsTable.SCHEMA)
        .write()
        .format("delta")
        .save(dir.resolve("postings").toString());
    StructType corpus =
        new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, true)
            .add("text", DataTypes.StringType, true);
    spark
        .createDataFrame(
            List.of(
                RowFactory.create("d1", "a", "one"),
                RowFactory.create("d2", "b", "two"),
                RowFactory.create("d3", "a", "three"),
                RowFactory.create("d4", "b", "four")),
            corpus)
        .write()
        .format("delta")
        .save(dir.resolve("corpus").toString());
    return dir;
  }
}
