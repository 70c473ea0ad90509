package org.spladespark.jobs.export;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusReader;
import org.spladespark.jobs.encode.CorpusTable;
import org.spladespark.jobs.encode.EncodeProgress;
import org.spladespark.jobs.encode.SourceRows;
import org.spladespark.jobs.models.ActiveModel;
import org.spladespark.jobs.search.QueryReader;
import org.spladespark.jobs.spark.Iterators;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.runtime.Offline;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.schemas.VectorColumns;
import org.spladespark.vector.SparseVector;
import picocli.CommandLine;

/**
 * {@code splade export}: one model's {@code doc_vectors} as engine files ({@link ExportFormat}).
 *
 * <p>The documents are hash-partitioned by {@code doc_id} into {@code files} partitions and sorted
 * by {@code doc_id} within each, so a rerun writes the same bytes: data file {@code
 * part-NNNNN.<ext>[.gz]} holds partition NNNNN (a partition without documents writes no file).
 * Spark writes the partitions into {@code OUT/_write}; the files are then renamed into {@code OUT},
 * the mapping and queries files written, and {@code _SUCCESS} written last, so a folder with {@code
 * _SUCCESS} is complete. Token strings come from {@code --model}'s vocabulary or else the index's
 * {@code token_stats}; weights are written by {@link ExportLines}.
 */
public final class ExportIndexJob {
  static final String SUCCESS = "_SUCCESS";
  static final String MAPPING = "mapping.json";
  static final String STAGING = "_write";
  private static final Pattern SPARK_PART = Pattern.compile("part-(\\d{5})-.*");
  private static final int SHOWN_MISSING = 5;

  private ExportIndexJob() {}

  /** spark-submit entry point: the options of {@code splade export}. */
  public static void main(String[] args) {
    Offline.ensure();
    System.exit(new CommandLine(new ExportCommand()).execute(args));
  }

  /** Exports; progress lines go to {@code console}. */
  public static ExportReport run(SparkSession spark, ExportOptions o, PrintStream console) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path out = new Path(o.out());
    FileSystem fs = fileSystem(out, hadoop);
    if (exists(fs, out)) {
      throw SpladeException.of(
          o.out(), "exists already", "export into a new folder (or delete this one first)");
    }
    String vectorsPath = o.index() + "/" + DocVectorsTable.TABLE;
    if (!TableRef.path(vectorsPath).exists(spark)) {
      throw SpladeException.of(
          o.index(),
          "has no doc_vectors table",
          "point --index at a folder built by splade encode");
    }
    ModelBundle model =
        o.querySide().model() == null
            ? null
            : ModelBundle.load(java.nio.file.Path.of(o.querySide().model()));
    String modelId =
        model != null
            ? ActiveModel.require(spark, o.index(), model, o.modelId()).modelId()
            : o.modelId() != null ? o.modelId() : ActiveModel.resolve(spark, o.index()).modelId();

    Dataset<Row> docs =
        TableRef.path(vectorsPath)
            .read(spark)
            .where(col(DocVectorsTable.MODEL_ID).equalTo(modelId))
            .select(DocVectorsTable.DOC_ID, DocVectorsTable.TOKEN_IDS, DocVectorsTable.WEIGHTS);
    if (o.corpus() != null) {
      docs = withText(spark, docs, o);
    }
    long n = docs.count();
    if (n == 0) {
      throw SpladeException.of(
          vectorsPath,
          "has no vectors of model " + modelId,
          "pass a --model-id that the index holds (splade models list)");
    }
    ExportLines lines =
        new ExportLines(o.format(), o.quantize(), vocabulary(spark, o.index(), model, modelId));
    List<String> dup = lines.duplicateNames();
    if (!dup.isEmpty()) {
      throw SpladeException.of(
          "the vocabulary",
          "spells several token ids the same: " + dup.subList(0, Math.min(5, dup.size())),
          "export with a model whose tokenizer.json has unique tokens");
    }
    int files =
        o.files() > 0
            ? o.files()
            : (int)
                Math.max(1, (n + ExportOptions.DOCS_PER_FILE - 1) / ExportOptions.DOCS_PER_FILE);
    console.printf(
        "export: %,d documents of model %s as %s into %d file(s) under %s%n",
        n, modelId, o.format().cliName(), files, o.out());

    Broadcast<ExportLines> shared =
        spark
            .sparkContext()
            .broadcast(lines, scala.reflect.ClassTag$.MODULE$.apply(ExportLines.class));
    LongAccumulator done = spark.sparkContext().longAccumulator("splade-export-docs");
    boolean withText = o.corpus() != null;
    Dataset<String> text =
        docs.repartition(files, col(DocVectorsTable.DOC_ID))
            .sortWithinPartitions(DocVectorsTable.DOC_ID)
            .mapPartitions(
                (MapPartitionsFunction<Row, String>)
                    rows -> toLines(rows, shared.value(), withText, done),
                Encoders.STRING());
    long t0 = System.nanoTime();
    Path staging = new Path(out, STAGING);
    EncodeProgress progress =
        EncodeProgress.start(spark.sparkContext(), done, n, 10, console, "export");
    try {
      text.write().option("compression", o.gzip() ? "gzip" : "none").text(staging.toString());
    } finally {
      progress.close();
      shared.destroy();
    }
    console.println(EncodeProgress.line("export", n, n, (System.nanoTime() - t0) / 1e9));

    List<String> names =
        publish(fs, staging, out, o.format().extension() + (o.gzip() ? ".gz" : ""));
    String mapping = null;
    if (o.format().bulk()) {
      mapping = MAPPING;
      write(fs, new Path(out, MAPPING), ExportLines.mapping(o.format(), withText));
    }
    String queries = null;
    if (o.querySide().queries() != null) {
      queries = "queries." + (o.format().bulk() ? "jsonl" : o.format().extension());
      write(fs, new Path(out, queries), queryLines(spark, o, model, lines));
    }
    write(fs, new Path(out, SUCCESS), "");
    return new ExportReport(o.out(), o.format(), modelId, n, names, mapping, queries);
  }

  private static Iterator<String> toLines(
      Iterator<Row> rows, ExportLines lines, boolean withText, LongAccumulator done) {
    return Iterators.map(
        rows,
        r -> {
          SparseVector v =
              VectorColumns.read(r, 1, 2, () -> "doc_vectors row '" + r.getString(0) + "'");
          done.add(1);
          return lines.document(
              r.getString(0), withText ? r.getString(3) : null, v.indices(), v.values());
        });
  }

  /** doc_id, token_ids, weights, text (the encoded text: title + text as encode joins them). */
  private static Dataset<Row> withText(SparkSession spark, Dataset<Row> docs, ExportOptions o) {
    Dataset<Row> corpus =
        CorpusReader.read(spark, o.corpus(), CorpusReader.detect(spark, o.corpus()))
            .select(
                col(DocVectorsTable.DOC_ID).as("c_doc_id"),
                col(SourceRows.TITLE).as("c_title"),
                col(SourceRows.TEXT).as("c_text"));
    Dataset<Row> joined =
        docs.join(corpus, docs.col(DocVectorsTable.DOC_ID).equalTo(corpus.col("c_doc_id")), "left");
    List<Row> missing =
        joined
            .where(col("c_doc_id").isNull())
            .select(DocVectorsTable.DOC_ID)
            .orderBy(DocVectorsTable.DOC_ID)
            .limit(SHOWN_MISSING)
            .collectAsList();
    if (!missing.isEmpty()) {
      throw SpladeException.of(
          o.corpus().location(),
          "lacks documents of the index, e.g. "
              + missing.stream().map(r -> r.getString(0)).toList(),
          "pass the corpus the index was encoded from (and its --id-col)");
    }
    return joined.select(
        col(DocVectorsTable.DOC_ID),
        col(DocVectorsTable.TOKEN_IDS),
        col(DocVectorsTable.WEIGHTS),
        // Joined here, not before the join: a corpus larger than the index pays only for its rows.
        CorpusTable.documentText(col("c_title"), col("c_text")).as(SourceRows.TEXT));
  }

  /** Token strings by id: the model's vocabulary, or the index's token_stats for the model. */
  private static String[] vocabulary(
      SparkSession spark, String index, ModelBundle model, String modelId) {
    if (model != null) {
      Vocabulary v = model.vocabulary();
      String[] tokens = new String[v.size()];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = v.token(i);
      }
      return tokens;
    }
    String path = index + "/" + TokenStatsTable.TABLE;
    if (!TableRef.path(path).exists(spark)) {
      throw SpladeException.of(
          index,
          "has no token_stats table to spell the tokens",
          "pass --model MODEL (the model the index was encoded with)");
    }
    TreeMap<Integer, String> byId = new TreeMap<>();
    Dataset<Row> stats =
        TableRef.path(path)
            .read(spark)
            .where(col(TokenStatsTable.MODEL_ID).equalTo(modelId))
            .select(TokenStatsTable.TOKEN_ID, TokenStatsTable.TOKEN);
    for (Row r : stats.collectAsList()) {
      byId.put(r.getInt(0), r.getString(1));
    }
    String[] tokens = new String[byId.isEmpty() ? 0 : byId.lastKey() + 1];
    byId.forEach((id, t) -> tokens[id] = t);
    return tokens;
  }

  private static String queryLines(
      SparkSession spark, ExportOptions o, ModelBundle model, ExportLines lines) {
    StringBuilder sb = new StringBuilder();
    try (QueryEncoder encoder = QueryEncoder.create(model)) {
      for (QueryReader.QueryText q : QueryReader.read(spark, o.querySide().queries())) {
        SparseVector v = encoder.encode(q.text());
        sb.append(lines.query(q.id(), v.indices(), v.values())).append('\n');
      }
    }
    return sb.toString();
  }

  /** Moves Spark's part files into {@code out} as {@code part-NNNNN.ext}; returns their names. */
  private static List<String> publish(FileSystem fs, Path staging, Path out, String ext) {
    try {
      TreeMap<String, Path> parts = new TreeMap<>();
      for (FileStatus f : fs.listStatus(staging)) {
        Matcher m = SPARK_PART.matcher(f.getPath().getName());
        if (m.matches()) {
          parts.put("part-" + m.group(1) + "." + ext, f.getPath());
        }
      }
      List<String> names = new ArrayList<>(parts.keySet());
      for (var e : parts.entrySet()) {
        if (!fs.rename(e.getValue(), new Path(out, e.getKey()))) {
          throw new IOException("cannot rename " + e.getValue() + " to " + e.getKey());
        }
      }
      fs.delete(staging, true);
      return names;
    } catch (IOException e) {
      throw SpladeException.failed(
          out.toString(), "cannot be written", "check the folder's permissions and space", e);
    }
  }

  private static void write(FileSystem fs, Path file, String text) {
    try (OutputStream s = fs.create(file, false)) {
      s.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw SpladeException.failed(
          file.toString(), "cannot be written", "check the folder's permissions and space", e);
    }
  }

  /** The file system of {@code p}; the raw one for local files (no {@code .crc} side files). */
  private static FileSystem fileSystem(Path p, Configuration conf) {
    try {
      FileSystem fs = p.getFileSystem(conf);
      return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    } catch (IOException e) {
      throw SpladeException.failed(p.toString(), "cannot be opened", "check the path", e);
    }
  }

  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw SpladeException.failed(p.toString(), "cannot be read", "check the path", e);
    }
  }
}
