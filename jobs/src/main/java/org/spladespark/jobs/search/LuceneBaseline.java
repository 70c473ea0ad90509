package org.spladespark.jobs.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.FSDirectory;
import org.spladespark.vector.SparseVector;

/**
 * The Lucene 9.12 baseline of {@code splade bench search}: the same document vectors as one {@link
 * FeatureField} per token (field {@value #FIELD}, term = the token id), queried with a disjunction
 * of {@link FeatureField#newLinearQuery} clauses weighted by the query weights, so Lucene's score
 * is {@code Σ q[t] × d'[t]}: the dot product over Lucene's stored impacts {@code d'}.
 *
 * <p>Quantization: FeatureField keeps 9 significant bits of each document weight (the float's sign,
 * exponent and top 8 mantissa bits: relative error below 2^-8 = 0.4 %), and Lucene rounds scores on
 * its own; hits whose exact scores lie within ~0.4 % of each other can change places, which is what
 * the top-k overlap measures. Query weights above Lucene's limit of 64 are scaled down with the
 * whole query, which does not change its ranking.
 *
 * <p>Searches run on a fixed pool of threads, one query per thread at a time ({@link QueryThreads}:
 * inter-query parallelism, Lucene's best throughput for a batch), each with dynamic pruning
 * (block-max MaxScore/WAND) once k hits are collected. Not thread-safe to build; searching is.
 */
final class LuceneBaseline implements Closeable {
  static final String FIELD = "v";
  private static final String ID = "id";

  private final FSDirectory dir;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final String[] ids;

  private LuceneBaseline(FSDirectory dir) throws IOException {
    this.dir = dir;
    this.reader = DirectoryReader.open(dir);
    this.searcher = new IndexSearcher(reader);
    this.searcher.setQueryCache(null);
    this.ids = new String[reader.maxDoc()];
    StoredFields stored = reader.storedFields();
    for (int d = 0; d < ids.length; d++) {
      ids[d] = stored.document(d).get(ID);
    }
  }

  /** A document: its id and vector. */
  record Doc(String id, int[] tokenIds, float[] weights) {}

  /** Indexes {@code docs} into folder {@code path} (one segment, force-merged) and opens it. */
  static LuceneBaseline build(Path path, Iterator<Doc> docs) throws IOException {
    FSDirectory dir = FSDirectory.open(path);
    IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(256);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      while (docs.hasNext()) {
        Doc d = docs.next();
        Document doc = new Document();
        doc.add(new StoredField(ID, d.id()));
        for (int i = 0; i < d.tokenIds().length; i++) {
          float w = d.weights()[i];
          if (w > 0 && Float.isFinite(w)) { // FeatureField takes positive finite values only
            doc.add(new FeatureField(FIELD, Integer.toString(d.tokenIds()[i]), w));
          }
        }
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
      writer.commit();
    }
    return new LuceneBaseline(dir);
  }

  /** The Lucene query of a query vector (positive weights only, as FeatureField allows). */
  static Query query(SparseVector v) {
    float max = 0;
    for (int i = 0; i < v.size(); i++) {
      max = Math.max(max, v.value(i));
    }
    float scale = max > 64f ? 64f / max : 1f;
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (int i = 0; i < v.size(); i++) {
      float w = v.value(i) * scale;
      if (w > 0) {
        b.add(
            FeatureField.newLinearQuery(FIELD, Integer.toString(v.index(i)), w),
            BooleanClause.Occur.SHOULD);
      }
    }
    return b.build();
  }

  /**
   * The top {@code k} of every query, on {@code threads} threads ({@link QueryThreads}); the Lucene
   * doc numbers of each query's hits, best first. Doc ids are looked up afterwards ({@link #id}),
   * outside the timing.
   */
  int[][] search(List<Query> queries, int k, int threads) {
    int[][] out = new int[queries.size()][];
    QueryThreads.run(queries.size(), threads, () -> q -> out[q] = search(queries.get(q), k));
    return out;
  }

  private int[] search(Query query, int k) {
    TopDocs top;
    try {
      top = searcher.search(query, new TopScoreDocCollectorManager(k, null, k, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] docs = new int[top.scoreDocs.length];
    int i = 0;
    for (ScoreDoc sd : top.scoreDocs) {
      docs[i++] = sd.doc;
    }
    return docs;
  }

  String id(int luceneDoc) {
    return ids[luceneDoc];
  }

  int size() {
    return ids.length;
  }

  @Override
  public void close() throws IOException {
    reader.close();
    dir.close();
  }
}
