package org.spladespark.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.search.Hit;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.ModelSource;
import org.spladespark.tokenize.TextTokenizer;

/**
 * {@code splade evaluate}: retrieval quality on BEIR folders with the metrics of
 * sentence-transformers' {@code SparseInformationRetrievalEvaluator} (one dataset) and {@code
 * SparseNanoBEIREvaluator} (the {@code <prefix>_mean} aggregate), key for key. For spark-submit
 * ({@link #main}, the options of {@link EvaluateCommand}) and for code ({@link #run}).
 *
 * <p>For each dataset: the queries with a relevant document are encoded, every corpus document is
 * encoded, the top {@link Cutoffs#maxK()} hits of each query are retrieved by exact dot product
 * (the {@link Retriever}), and the metrics computed. The retriever is
 *
 * <ul>
 *   <li>{@link SparkRetriever} (default): the pipeline — {@code EncodeCorpusJob} writes the index
 *       tables, {@code SearchJob} finds the top hits on Spark;
 *   <li>{@link ExactRetriever}: everything in memory on the driver, no Spark.
 * </ul>
 *
 * Both score in float32 with the same arithmetic and give the same metrics. Writes under {@code
 * --out}:
 *
 * <ul>
 *   <li>{@code metrics.json}: the flat metric dictionary ({@link EvaluationMetrics#all});
 *   <li>{@code per_query.tsv}: dataset, query id and every per-query metric;
 *   <li>{@code <dataset>.run.trec}: the ranking in TREC run format ({@code qid Q0 doc rank score
 *       tag}).
 * </ul>
 */
public final class EvaluateJob {
  private EvaluateJob() {}

  /** spark-submit entry point: the {@code splade evaluate} options. */
  public static void main(String[] args) {
    SpladeCli.main("evaluate", args);
  }

  /**
   * Evaluates every dataset with the retriever of {@code options}; writes the outputs and returns
   * the metric dictionary.
   *
   * @param spark the session of the {@link EvaluateOptions.Retrieval#SPARK} retriever; unused (may
   *     be null) for {@link EvaluateOptions.Retrieval#EXACT}
   * @param console where the pipeline's phase and progress lines go
   */
  public static Map<String, Double> run(
      SparkSession spark, EvaluateOptions options, PrintStream console) {
    List<BeirDataset> datasets = load(options);
    if (options.retriever() == EvaluateOptions.Retrieval.SPARK) {
      if (spark == null) {
        throw new IllegalArgumentException("the spark retriever needs a SparkSession");
      }
      try (SparkRetriever r = SparkRetriever.create(spark, options, datasets.size(), console)) {
        return evaluate(options, r, datasets);
      }
    }
    ModelBundle bundle = ModelSource.resolve(options.model());
    EncoderOptions encoder =
        options.threads() > 0
            ? EncoderOptions.cpu().withThreads(options.threads())
            : EncoderOptions.cpu();
    try (DocumentEncoder docs = documentEncoder(bundle, options.graph(), encoder);
        QueryEncoder queries = QueryEncoder.create(bundle)) {
      return evaluate(
          options, new ExactRetriever(docs::encode, queries::encode, bundle.vocabSize()), datasets);
    }
  }

  /** As {@link #run(SparkSession, EvaluateOptions, PrintStream)}, printing to stdout. */
  public static Map<String, Double> run(SparkSession spark, EvaluateOptions options) {
    return run(spark, options, System.out);
  }

  /**
   * Evaluates every dataset with {@code retriever} instead of the one {@code options} names (tests,
   * custom retrieval); writes the outputs and returns the metric dictionary.
   */
  public static Map<String, Double> run(EvaluateOptions options, Retriever retriever) {
    return evaluate(options, retriever, load(options));
  }

  private static List<BeirDataset> load(EvaluateOptions options) {
    List<BeirDataset> datasets = new ArrayList<>();
    for (Path d : options.data()) {
      datasets.add(BeirDataset.load(d, options.split()));
    }
    return datasets;
  }

  private static DocumentEncoder documentEncoder(
      ModelBundle bundle, Path graph, EncoderOptions options) {
    if (graph == null) {
      return DocumentEncoder.create(bundle, options);
    }
    return new DocumentEncoder(
        graph,
        TextTokenizer.forDocuments(bundle.documentTokenizer(), bundle.maxSeqLength()),
        options);
  }

  private static Map<String, Double> evaluate(
      EvaluateOptions o, Retriever r, List<BeirDataset> datasets) {
    IrMetrics metrics = new IrMetrics(Cutoffs.DEFAULT);
    Path out = o.out();
    List<DatasetEvaluation> results = new ArrayList<>();
    try {
      Files.createDirectories(out);
      try (BufferedWriter perQuery =
          Files.newBufferedWriter(out.resolve("per_query.tsv"), StandardCharsets.UTF_8)) {
        perQuery.write("dataset\tquery_id\t" + String.join("\t", metrics.metricNames()) + "\n");
        for (BeirDataset d : datasets) {
          Map<String, String> queries = d.evaluatedQueries();
          RetrievalRun run = r.retrieve(d, queries, metrics.cutoffs().maxK());
          RetrievalMetrics rm =
              metrics.evaluate(new ArrayList<>(queries.keySet()), run.hits(), d.relevant());
          results.add(new DatasetEvaluation(d.name(), rm, run.queries(), run.corpus()));
          for (String qid : rm.queryIds()) {
            StringBuilder line = new StringBuilder(d.name()).append('\t').append(qid);
            for (double v : rm.perQuery().get(qid).values()) {
              line.append('\t').append(v);
            }
            perQuery.write(line.append('\n').toString());
          }
          writeRun(out.resolve(d.name() + ".run.trec"), metrics, run, o.runTag());
        }
      }
      Map<String, Double> all = EvaluationMetrics.all(o.aggregatePrefix(), results);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.resolve("metrics.json").toFile(), all);
      return all;
    } catch (IOException e) {
      throw SpladeException.of(
          out.toString(), "cannot be written: " + e.getMessage(), "check the folder", e);
    }
  }

  private static void writeRun(Path file, IrMetrics metrics, RetrievalRun run, String runTag)
      throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, List<Hit>> e : run.hits().entrySet()) {
        List<Hit> ranked = metrics.candidates(e.getValue());
        for (int i = 0; i < ranked.size(); i++) {
          Hit h = ranked.get(i);
          w.write(
              e.getKey()
                  + " Q0 "
                  + h.docId()
                  + " "
                  + (i + 1)
                  + " "
                  + h.score()
                  + " "
                  + runTag
                  + "\n");
        }
      }
    }
  }
}
