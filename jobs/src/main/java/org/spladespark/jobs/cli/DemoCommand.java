package org.spladespark.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.EncodeCorpusJob;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.eval.BeirDataset;
import org.spladespark.jobs.search.Hit;
import org.spladespark.jobs.search.IndexTables;
import org.spladespark.jobs.search.QuerySource;
import org.spladespark.jobs.search.SearchJob;
import org.spladespark.jobs.search.SearchOptions;
import org.spladespark.jobs.search.SearchReport;
import org.spladespark.jobs.search.SpladeIndex;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.ModelSource;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.SearchResultsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.vector.SparseVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splade demo}: the main pipeline end to end on the bundled sample (what {@code
 * bin/quickstart} runs): encode the corpus on local Spark into Delta tables with the inverted
 * index, batch-search the sample queries, and print where everything is and a few decoded hits.
 */
@Command(resourceBundle = "org.spladespark.jobs.cli.DemoCommandHelp", name = "demo")
public final class DemoCommand implements Callable<Integer> {
  /** The bundled tiny model, relative to the project root (where bin/quickstart runs). */
  static final String DEFAULT_MODEL = "fixtures/oracle/tiny-inference-free-splade";

  @Mixin ModelOption modelOption = new ModelOption();

  private String model;

  @Option(names = "--corpus", defaultValue = "fixtures/sample/sample_docs.jsonl")
  Path corpus;

  @Option(names = "--queries", defaultValue = "fixtures/sample/sample_queries.jsonl")
  Path queries;

  @Option(names = "--warehouse", defaultValue = "splade-warehouse")
  Path warehouse;

  @Mixin MasterOption master = new MasterOption();

  @Option(names = "--show", defaultValue = "3")
  int show;

  @Override
  public Integer call() {
    model = modelOption.orElse(DEFAULT_MODEL);
    String tables = warehouse.toAbsolutePath().resolve("sample").toString();
    try (CommandSession session =
        master.session("splade demo", warehouse.toAbsolutePath().toString())) {
      SparkSession spark = session.spark();
      EncodeCorpusJob.run(
          spark,
          EncodeCorpusOptions.builder()
              .input(
                  new CorpusInput(
                      corpus.toAbsolutePath().toString(),
                      InputFormat.JSONL,
                      "_id",
                      "text",
                      "title"))
              .encoder(EncoderSpec.cpu(model))
              .tables(tables)
              .build(),
          System.out);
      String run = tables + "/" + SearchResultsTable.TABLE + ".trec";
      SearchReport report =
          SearchJob.run(
              spark,
              SearchOptions.builder()
                  .queries(QuerySource.file(queries.toAbsolutePath().toString()))
                  .index(IndexTables.inFolder(tables))
                  .model(model)
                  .topK(10)
                  .outputTable(TableRef.path(tables).child(SearchResultsTable.TABLE))
                  .outputJsonl(tables + "/" + SearchResultsTable.TABLE + ".jsonl")
                  .outputTrec(run)
                  .overwrite(true)
                  .build());
      System.out.println();
      System.out.println("Delta tables under " + tables + ":");
      for (String t :
          List.of(
              DocVectorsTable.TABLE,
              PostingsTable.TABLE,
              TokenStatsTable.TABLE,
              SearchResultsTable.TABLE)) {
        System.out.println(
            "  " + t + "  (" + TableRef.path(tables).child(t).read(spark).count() + " rows)");
      }
      System.out.printf(
          Locale.ROOT,
          "Search: %d queries, plan %s (%s), run file %s%n%n",
          report.queries(),
          report.plan(),
          report.planReason(),
          run);
      printHits(spark, tables);
    }
    return 0;
  }

  private void printHits(SparkSession spark, String tables) {
    ModelBundle bundle = ModelSource.resolve(model);
    Map<String, String> docs = BeirDataset.readCorpus(corpus);
    List<Map.Entry<String, String>> qs =
        new ArrayList<>(BeirDataset.readCorpus(queries).entrySet());
    try (SpladeIndex index = SpladeIndex.open(spark, tables, model)) {
      for (Map.Entry<String, String> q : qs.subList(0, Math.min(show, qs.size()))) {
        SparseVector qv = index.encode(q.getValue());
        System.out.printf(
            Locale.ROOT,
            "query %s: %s%n  tokens %s%n",
            q.getKey(),
            q.getValue(),
            decoded(qv, bundle, 8));
        printTop(spark, tables, index, q.getValue(), docs, bundle);
      }
      // The bundled model has random weights: its document vectors rarely share a token with a
      // real query. A query made of a document's own top tokens shows the round trip instead.
      for (String docId : new ArrayList<>(docs.keySet()).subList(0, Math.min(2, docs.size()))) {
        StringBuilder probe = new StringBuilder();
        for (Map.Entry<String, Float> e :
            docVector(spark, tables, docId).decode(bundle.vocabulary()::token, 0)) {
          String t = e.getKey();
          if (t.matches("[a-z]{3,}") && probe.length() < 40) {
            probe.append(probe.length() == 0 ? "" : " ").append(t);
          }
        }
        System.out.printf(
            Locale.ROOT,
            "probe query from the top tokens of document %s: %s%n  tokens %s%n",
            docId,
            probe,
            decoded(index.encode(probe.toString()), bundle, 8));
        printTop(spark, tables, index, probe.toString(), docs, bundle);
      }
    }
  }

  private static void printTop(
      SparkSession spark,
      String tables,
      SpladeIndex index,
      String query,
      Map<String, String> docs,
      ModelBundle bundle) {
    List<Hit> hits = index.search(query, 3);
    if (hits.isEmpty()) {
      System.out.println("  no document shares a token with this query (random-weight model)");
    }
    for (Hit h : hits) {
      String text = docs.getOrDefault(h.docId(), "");
      System.out.printf(
          Locale.ROOT,
          "  %-8s %7.3f  %s%n           top tokens %s%n",
          h.docId(),
          h.score(),
          text.length() > 70 ? text.substring(0, 70) + "…" : text,
          decoded(docVector(spark, tables, h.docId()), bundle, 6));
    }
    System.out.println();
  }

  private static SparseVector docVector(SparkSession spark, String tables, String docId) {
    return DocVectorsTable.vector(
        TableRef.path(tables)
            .child(DocVectorsTable.TABLE)
            .read(spark)
            .filter(org.apache.spark.sql.functions.col(DocVectorsTable.DOC_ID).equalTo(docId))
            .first());
  }

  private static String decoded(SparseVector v, ModelBundle bundle, int k) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Float> e : v.decode(bundle.vocabulary()::token, k)) {
      sb.append(sb.length() == 0 ? "" : ", ")
          .append(e.getKey())
          .append(String.format(Locale.ROOT, " %.2f", e.getValue()));
    }
    return sb.toString();
  }
}
