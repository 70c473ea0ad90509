package org.spladespark.jobs.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInvertState;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * A Lucene impact index as Anserini builds one from a quantized JsonVectorCollection ({@code
 * -impact -pretokenized}): each token of a document is one term whose term frequency is its integer
 * weight, no norms, no positions; a query is a disjunction of its tokens, each boosted by its
 * integer query weight, and {@link ImpactSimilarity} scores a match as boost × term frequency (so a
 * document's score is the sum of q_t × d_t over shared tokens, an integer).
 */
final class LuceneImpactIndex implements AutoCloseable {
  static final String FIELD = "vector";
  static final String ID = "id";

  /** Anserini's ImpactSimilarity: score = query boost × term frequency. */
  static final class ImpactSimilarity extends Similarity {
    @Override
    public long computeNorm(FieldInvertState state) {
      return 1;
    }

    @Override
    public SimScorer scorer(
        float boost, CollectionStatistics collectionStats, TermStatistics... termStats) {
      return new SimScorer() {
        @Override
        public float score(float freq, long norm) {
          return boost * freq;
        }
      };
    }
  }

  /** Emits each (term, frequency) once, the frequency carried by TermFrequencyAttribute. */
  private static final class ImpactTokens extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final TermFrequencyAttribute freq = addAttribute(TermFrequencyAttribute.class);
    private final List<Map.Entry<String, Integer>> impacts;
    private Iterator<Map.Entry<String, Integer>> it;

    ImpactTokens(List<Map.Entry<String, Integer>> impacts) {
      this.impacts = impacts;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      it = impacts.iterator();
    }

    @Override
    public boolean incrementToken() {
      if (!it.hasNext()) {
        return false;
      }
      clearAttributes();
      Map.Entry<String, Integer> e = it.next();
      term.setEmpty().append(e.getKey());
      freq.setTermFrequency(e.getValue());
      return true;
    }
  }

  private static final FieldType IMPACT = new FieldType();

  static {
    IMPACT.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    IMPACT.setOmitNorms(true);
    IMPACT.setTokenized(true);
    IMPACT.freeze();
  }

  /** One hit: the document id and Lucene's score. */
  record LuceneHit(String docId, float score) {}

  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private DirectoryReader reader;
  private IndexSearcher searcher;

  /** Indexes the documents in the given order (Lucene breaks score ties by that order). */
  LuceneImpactIndex(List<Map.Entry<String, List<Map.Entry<String, Integer>>>> docs)
      throws IOException {
    IndexWriterConfig config = new IndexWriterConfig().setSimilarity(new ImpactSimilarity());
    try (IndexWriter w = new IndexWriter(dir, config)) {
      for (Map.Entry<String, List<Map.Entry<String, Integer>>> d : docs) {
        Document doc = new Document();
        doc.add(new StoredField(ID, d.getKey()));
        doc.add(new Field(FIELD, new ImpactTokens(d.getValue()), IMPACT));
        w.addDocument(doc);
      }
    }
    reader = DirectoryReader.open(dir);
    searcher = new IndexSearcher(reader);
    searcher.setSimilarity(new ImpactSimilarity());
  }

  /** The top {@code k} of a query given as (token, integer weight) pairs. */
  List<LuceneHit> search(List<Map.Entry<String, Integer>> query, int k) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Map.Entry<String, Integer> t : query) {
      b.add(
          new BoostQuery(new TermQuery(new Term(FIELD, t.getKey())), t.getValue()),
          BooleanClause.Occur.SHOULD);
    }
    TopDocs top = searcher.search(b.build(), k);
    List<LuceneHit> hits = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      hits.add(new LuceneHit(searcher.storedFields().document(sd.doc).get(ID), sd.score));
    }
    return hits;
  }

  @Override
  public void close() throws IOException {
    reader.close();
    dir.close();
  }
}
