package org.spladespark.jobs.stats;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.StatsTables.DocStats;
import org.spladespark.tokenize.TextTokenizer;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code doc_vectors} rows with {@code group_value} and {@code text} → the per-document figures
 * ({@link DocStats#WORK_SCHEMA}) of {@link DocumentStats}, tokenizing the text when a tokenizer is
 * given (expansion).
 *
 * <p>The partition's tokenizer (native memory) is released when the rows are exhausted and, for a
 * partition that fails or is not read to the end, when the task completes.
 *
 * @param grid the pruning settings whose curves are computed
 * @param tokenizerJson the document tokenizer's {@code tokenizer.json}, or null for no expansion
 * @param maxLength the model's truncation, special tokens included
 */
record DocumentStatsPartition(PruningGrid grid, String tokenizerJson, int maxLength)
    implements MapPartitionsFunction<Row, Row> {
  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TextTokenizer tokenizer =
        tokenizerJson == null
            ? null
            : TextTokenizer.forDocuments(Path.of(tokenizerJson), maxLength);
    Figures figures = new Figures(rows, tokenizer);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> figures.release());
    }
    return figures;
  }

  /** The iterator of one partition; owns its tokenizer. Not thread-safe. */
  private final class Figures implements Iterator<Row> {
    private final Iterator<Row> rows;
    private TextTokenizer tokenizer;

    Figures(Iterator<Row> rows, TextTokenizer tokenizer) {
      this.rows = rows;
      this.tokenizer = tokenizer;
    }

    /** Closes the tokenizer once; later calls do nothing. */
    void release() {
      if (tokenizer != null) {
        TextTokenizer t = tokenizer;
        tokenizer = null;
        t.close();
      }
    }

    @Override
    public boolean hasNext() {
      boolean more = rows.hasNext();
      if (!more) {
        release();
      }
      return more;
    }

    @Override
    public Row next() {
      if (!rows.hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = rows.next();
      String text = r.getAs(SparsityStatsJob.TEXT);
      long[] own = tokenizer == null || text == null ? null : tokenizer.ids(text);
      DocumentStats s = DocumentStats.of(DocVectorsTable.vector(r), own, grid);
      Integer[] kept = new Integer[s.keptPostings().length];
      Double[] mass = new Double[kept.length];
      for (int i = 0; i < kept.length; i++) {
        kept[i] = s.keptPostings()[i];
        mass[i] = s.keptMass()[i];
      }
      return RowFactory.create(
          r.getAs(DocVectorsTable.MODEL_ID),
          r.getAs(DocVectorsTable.DOC_ID),
          r.getAs(DocStats.GROUP_VALUE),
          s.activeDims(),
          s.mass(),
          s.maxWeight(),
          nullIfNaN(s.expansionMass()),
          nullIfNaN(s.expansionShare()),
          CollectionConverters.asScala(List.of(kept)),
          CollectionConverters.asScala(List.of(mass)));
    }
  }

  private static Double nullIfNaN(double d) {
    return Double.isNaN(d) ? null : d;
  }
}
