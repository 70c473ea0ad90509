package org.spladespark.jobs.explain;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.search.IndexTables;
import org.spladespark.jobs.search.SpladeIndex;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.vector.ScoreExplanation;

/**
 * {@code splade explain}: opens the index as {@link SpladeIndex} does (the query model checked
 * against the index model), explains one document's score for one query and renders the table.
 */
public final class ExplainJob {
  private ExplainJob() {}

  /**
   * The explanation and how to print it.
   *
   * @param modelId the index model read
   * @param explanation the contributions; its score is the search score, bit for bit
   */
  public record Result(
      ExplainOptions options, String modelId, ScoreExplanation explanation, Vocabulary vocab) {

    /** The table {@code splade explain} prints. Weights are printed exactly (shortest float). */
    public String render() {
      ScoreExplanation e = explanation;
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "query \"%s\" x document %s (model %s)%nscore %s = sum of %d contributions"
                  + " (float32, ascending token id order: the search score)%n",
              options.query(),
              options.docId(),
              modelId,
              Float.toString(e.score()),
              e.terms().size()));
      sb.append(
          String.format(
              Locale.ROOT,
              "%4s  %-20s %8s %14s %14s %14s %7s%n",
              "rank",
              "token",
              "token_id",
              "query_weight",
              "doc_weight",
              "contribution",
              "share"));
      List<ScoreExplanation.Term> shown = e.top(options.top());
      for (int i = 0; i < shown.size(); i++) {
        ScoreExplanation.Term t = shown.get(i);
        sb.append(
            String.format(
                Locale.ROOT,
                "%4d  %-20s %8d %14s %14s %14s %6.1f%%%n",
                i + 1,
                vocab.token(t.tokenId()),
                t.tokenId(),
                Float.toString(t.queryWeight()),
                Float.toString(t.docWeight()),
                Float.toString(t.contribution()),
                e.score() == 0f ? 0.0 : 100.0 * t.contribution() / e.score()));
      }
      if (shown.size() < e.terms().size()) {
        double rest = 0;
        for (ScoreExplanation.Term t : e.terms().subList(shown.size(), e.terms().size())) {
          rest += t.contribution();
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "      … %d more token(s) contribute %s%n",
                e.terms().size() - shown.size(),
                Double.toString(rest)));
      }
      if (e.terms().isEmpty()) {
        sb.append("      (the query and the document share no token: score 0)\n");
      }
      return sb.toString();
    }
  }

  public static Result run(SparkSession spark, ExplainOptions o) {
    try (SpladeIndex index =
        SpladeIndex.open(spark, IndexTables.inFolder(o.index()), o.model(), o.modelId())) {
      ScoreExplanation e = index.explain(o.query(), o.docId());
      Vocabulary vocab = ModelBundle.load(java.nio.file.Path.of(o.model())).vocabulary();
      return new Result(o, index.modelId(), e, vocab);
    }
  }
}
