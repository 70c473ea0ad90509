package org.spladespark.jobs.encode;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The lines of text files with their 1-based line numbers and raw bytes, so that a bad record can
 * be named {@code file:line} and bytes that are not UTF-8 can be detected exactly (Spark's text and
 * JSON readers decode before anyone can look).
 *
 * <p>Files are read with Hadoop's {@code TextInputFormat} (splittable, gzip-aware, {@code \n} and
 * {@code \r\n}, a leading UTF-8 BOM skipped). Line numbers need two passes: the first counts the
 * lines of every split, the driver turns the counts into the first line number of each split, and
 * the second pass numbers the lines. Counting is cheap next to encoding.
 */
final class LineRecords {
  static final String LINE = "line";
  static final String BYTES = "bytes";

  /** {@code file} (full path), {@code line} (1-based), {@code bytes} (the line, no newline). */
  static final StructType SCHEMA =
      new StructType()
          .add(SourceRows.FILE, DataTypes.StringType, false)
          .add(LINE, DataTypes.LongType, false)
          .add(BYTES, DataTypes.BinaryType, false);

  private LineRecords() {}

  /** Every line of the file, or of the (non-hidden) files in the folder, at {@code path}. */
  static Dataset<Row> read(SparkSession spark, String path) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> lines =
        (JavaNewHadoopRDD<LongWritable, Text>)
            jsc.newAPIHadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, conf);

    List<Tuple2<String, long[]>> counts =
        lines
            .mapPartitionsWithInputSplit(
                (InputSplit split, Iterator<Tuple2<LongWritable, Text>> it) -> {
                  FileSplit fs = (FileSplit) split;
                  long n = 0;
                  while (it.hasNext()) {
                    it.next();
                    n++;
                  }
                  return Collections.singletonList(
                          new Tuple2<>(fs.getPath().toString(), new long[] {fs.getStart(), n}))
                      .iterator();
                },
                true)
            .collect();
    Map<String, Long> firstLine = firstLines(counts);
    Broadcast<Map<String, Long>> first = jsc.broadcast(firstLine);

    JavaRDD<Row> rows =
        lines.mapPartitionsWithInputSplit(
            (InputSplit split, Iterator<Tuple2<LongWritable, Text>> it) -> {
              FileSplit fs = (FileSplit) split;
              String file = fs.getPath().toString();
              long start = first.value().get(key(file, fs.getStart()));
              return new Iterator<Row>() {
                long line = start;

                @Override
                public boolean hasNext() {
                  return it.hasNext();
                }

                @Override
                public Row next() {
                  Text t = it.next()._2();
                  // The reader reuses its Text: copy the bytes out.
                  byte[] b = Arrays.copyOf(t.getBytes(), t.getLength());
                  return RowFactory.create(file, line++, b);
                }
              };
            },
            true);
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** (file, split start) → number of the split's first line, from per-split line counts. */
  static Map<String, Long> firstLines(List<Tuple2<String, long[]>> counts) {
    Map<String, TreeMap<Long, Long>> byFile = new HashMap<>();
    for (Tuple2<String, long[]> c : counts) {
      byFile.computeIfAbsent(c._1(), f -> new TreeMap<>()).put(c._2()[0], c._2()[1]);
    }
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<String, TreeMap<Long, Long>> f : byFile.entrySet()) {
      long next = 1;
      for (Map.Entry<Long, Long> split : f.getValue().entrySet()) {
        out.put(key(f.getKey(), split.getKey()), next);
        next += split.getValue();
      }
    }
    return out;
  }

  private static String key(String file, long start) {
    return start + "@" + file;
  }

  /** The last path segment of a file URI/path, for short row references. */
  static String fileName(String file) {
    int slash = file.lastIndexOf('/');
    return slash >= 0 ? file.substring(slash + 1) : file;
  }
}
