package org.spladespark.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.tokenize.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code splade evaluate}: retrieval quality on BEIR folders with the metrics of
 * sentence-transformers' {@code SparseInformationRetrievalEvaluator} (one dataset) and {@code
 * SparseNanoBEIREvaluator} (the {@code <prefix>_mean} aggregate), key for key.
 *
 * <p>For each dataset: the queries with a relevant document are encoded, every corpus document is
 * encoded, the top {@link Cutoffs#maxK()} hits of each query are retrieved by exact dot product
 * (the {@link Retriever}), and the metrics computed. Writes under {@code --out}:
 *
 * <ul>
 *   <li>{@code metrics.json}: the flat metric dictionary ({@link EvaluationMetrics#all});
 *   <li>{@code per_query.tsv}: dataset, query id and every per-query metric;
 *   <li>{@code <dataset>.run.trec}: the ranking in TREC run format ({@code qid Q0 doc rank score
 *       tag}).
 * </ul>
 *
 * <p>TODO(lead): the retrieval step here is {@link ExactRetriever} on the driver (DocumentEncoder
 * over {@code --graph}, QueryEncoder, exhaustive scoring). Wire a {@code Retriever} that runs
 * EncodeCorpusJob (corpus → doc_vectors/postings in a temporary index) and SearchJob (exact top-k
 * over postings), padded with {@link ExactRetriever#pad}, and its corpus SparsityCounter filled
 * from doc_vectors' token_ids; then make it the default and drop {@code --graph} once the graph
 * compiler provides the pooled graph.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate retrieval on BEIR folders with sentence-transformers' metrics.")
public final class EvaluateJob implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "A BEIR folder (repeatable).")
  List<Path> data = new ArrayList<>();

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "qrels split (qrels/<split>.tsv).")
  String split;

  @Option(names = "--model", description = "SparseEncoder model folder.")
  Path model;

  @Option(names = "--graph", description = "Pooled ONNX document graph of the model.")
  Path graph;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(
      names = "--aggregate-prefix",
      defaultValue = "BEIR",
      description = "Prefix of the <prefix>_mean keys.")
  String aggregatePrefix;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "ONNX Runtime intra-op threads (0 = default).")
  int threads;

  @Option(
      names = "--run-tag",
      defaultValue = "splade",
      description = "Tag column of the TREC run files.")
  String runTag;

  private Retriever retriever;

  /** Uses {@code r} instead of the model-based retriever (tests, or the Spark pipeline). */
  public EvaluateJob withRetriever(Retriever r) {
    this.retriever = r;
    return this;
  }

  @Override
  public Integer call() {
    Map<String, Double> m = run();
    m.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s: %.4f%n", k, v));
    return 0;
  }

  /** Evaluates every dataset; writes the outputs and returns the metric dictionary. */
  public Map<String, Double> run() {
    IrMetrics metrics = new IrMetrics(Cutoffs.DEFAULT);
    List<BeirDataset> datasets = new ArrayList<>();
    for (Path d : data) {
      datasets.add(BeirDataset.load(d, split));
    }
    if (retriever != null) {
      return evaluate(retriever, metrics, datasets);
    }
    if (model == null || graph == null) {
      throw SpladeException.of(
          "splade evaluate",
          "needs --model and --graph",
          "pass the model folder and its pooled ONNX graph");
    }
    ModelBundle bundle = ModelBundle.load(model);
    EncoderOptions options =
        threads > 0 ? EncoderOptions.cpu().withThreads(threads) : EncoderOptions.cpu();
    try (TextTokenizer docTok =
            TextTokenizer.forDocuments(bundle.documentTokenizer(), bundle.maxSeqLength());
        DocumentEncoder docs = new DocumentEncoder(graph, docTok, options);
        QueryEncoder queries = QueryEncoder.create(bundle)) {
      return evaluate(
          new ExactRetriever(docs::encode, queries::encode, bundle.vocabSize()), metrics, datasets);
    }
  }

  private Map<String, Double> evaluate(Retriever r, IrMetrics metrics, List<BeirDataset> datasets) {
    List<DatasetEvaluation> results = new ArrayList<>();
    try {
      Files.createDirectories(out);
      try (BufferedWriter perQuery =
          Files.newBufferedWriter(out.resolve("per_query.tsv"), StandardCharsets.UTF_8)) {
        perQuery.write("dataset\tquery_id\t" + String.join("\t", metrics.metricNames()) + "\n");
        for (BeirDataset d : datasets) {
          Map<String, String> queries = d.evaluatedQueries();
          RetrievalRun run = r.retrieve(d.name(), d.corpus(), queries, metrics.cutoffs().maxK());
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
          writeRun(out.resolve(d.name() + ".run.trec"), metrics, run);
        }
      }
      Map<String, Double> all = EvaluationMetrics.all(aggregatePrefix, results);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.resolve("metrics.json").toFile(), all);
      return all;
    } catch (IOException e) {
      throw SpladeException.of(
          out.toString(), "cannot be written: " + e.getMessage(), "check the folder", e);
    }
  }

  private void writeRun(Path file, IrMetrics metrics, RetrievalRun run) throws IOException {
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
