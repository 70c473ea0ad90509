package org.spladespark.jobs.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import org.spladespark.jobs.search.Hit;
import org.spladespark.vector.SparseVector;

/**
 * An in-memory exact retriever: encodes everything on the driver and scores every document of the
 * corpus for every query (documents without a shared token score 0 and still rank, as in the
 * reference's dense top-k). Scores accumulate in float32 in ascending token id order, the same
 * arithmetic as {@link SparseVector#dot}. For corpora that fit in one JVM (BEIR-sized); the Spark
 * pipeline's search is the scalable path.
 */
public final class ExactRetriever implements Retriever {
  private final Function<List<String>, List<SparseVector>> documentEncoder;
  private final Function<String, SparseVector> queryEncoder;
  private final int dimensions;

  /**
   * @param documentEncoder texts → document vectors, in order (e.g. {@code
   *     DocumentEncoder::encode})
   * @param queryEncoder text → query vector (e.g. {@code QueryEncoder::encode})
   * @param dimensions the vocabulary size
   */
  public ExactRetriever(
      Function<List<String>, List<SparseVector>> documentEncoder,
      Function<String, SparseVector> queryEncoder,
      int dimensions) {
    this.documentEncoder = documentEncoder;
    this.queryEncoder = queryEncoder;
    this.dimensions = dimensions;
  }

  @Override
  public RetrievalRun retrieve(BeirDataset dataset, Map<String, String> queries, int k) {
    Map<String, String> corpus = dataset.corpus();
    String[] ids = corpus.keySet().toArray(new String[0]);
    List<SparseVector> docs = documentEncoder.apply(new ArrayList<>(corpus.values()));
    SparsityCounter corpusCounts = new SparsityCounter(dimensions);
    // Inverted index: token → (doc, weight), docs in corpus order.
    int[] df = new int[dimensions];
    for (SparseVector d : docs) {
      corpusCounts.add(d);
      for (int i = 0; i < d.size(); i++) {
        df[d.index(i)]++;
      }
    }
    int[][] postDocs = new int[dimensions][];
    float[][] postWeights = new float[dimensions][];
    int[] fill = new int[dimensions];
    for (int t = 0; t < dimensions; t++) {
      if (df[t] > 0) {
        postDocs[t] = new int[df[t]];
        postWeights[t] = new float[df[t]];
      }
    }
    for (int doc = 0; doc < docs.size(); doc++) {
      SparseVector d = docs.get(doc);
      for (int i = 0; i < d.size(); i++) {
        int t = d.index(i);
        postDocs[t][fill[t]] = doc;
        postWeights[t][fill[t]++] = d.value(i);
      }
    }
    SparsityCounter queryCounts = new SparsityCounter(dimensions);
    Map<String, List<Hit>> hits = new LinkedHashMap<>();
    float[] scores = new float[ids.length];
    for (Map.Entry<String, String> q : queries.entrySet()) {
      SparseVector qv = queryEncoder.apply(q.getValue());
      queryCounts.add(qv);
      Arrays.fill(scores, 0f);
      for (int i = 0; i < qv.size(); i++) {
        int t = qv.index(i);
        if (t < dimensions && postDocs[t] != null) {
          float w = qv.value(i);
          int[] pd = postDocs[t];
          float[] pw = postWeights[t];
          for (int j = 0; j < pd.length; j++) {
            scores[pd[j]] += w * pw[j];
          }
        }
      }
      hits.put(q.getKey(), top(ids, scores, k));
    }
    return new RetrievalRun(hits, queryCounts, corpusCounts);
  }

  /** The k best of all documents by {@link Hit#RANKING}. */
  static List<Hit> top(String[] ids, float[] scores, int k) {
    PriorityQueue<Hit> worstFirst = new PriorityQueue<>(Hit.RANKING.reversed());
    for (int i = 0; i < ids.length; i++) {
      Hit h = new Hit(ids[i], scores[i]);
      if (worstFirst.size() < k) {
        worstFirst.add(h);
      } else if (Hit.RANKING.compare(h, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(h);
      }
    }
    List<Hit> out = new ArrayList<>(worstFirst);
    out.sort(Hit.RANKING);
    return out;
  }

  /**
   * Completes a search result that holds only matching documents: ranks {@code hits}, then appends
   * zero-score documents of {@code corpusIds} not among them, lowest id first, up to {@code k}. (A
   * document with a negative score that the search left out is treated as scoring 0.)
   */
  public static List<Hit> pad(Collection<Hit> hits, Collection<String> corpusIds, int k) {
    List<Hit> out = new ArrayList<>(hits);
    out.sort(Hit.RANKING);
    if (out.size() > k) {
      return new ArrayList<>(out.subList(0, k));
    }
    Set<String> seen = new HashSet<>();
    out.forEach(h -> seen.add(h.docId()));
    List<String> rest = new ArrayList<>();
    for (String id : corpusIds) {
      if (!seen.contains(id)) {
        rest.add(id);
      }
    }
    rest.sort(Hit::compareIds);
    List<Hit> zeros = new ArrayList<>();
    for (String id : rest) {
      if (zeros.size() >= k) {
        break;
      }
      zeros.add(new Hit(id, 0f));
    }
    out.addAll(zeros);
    out.sort(Hit.RANKING);
    return out.size() > k ? new ArrayList<>(out.subList(0, k)) : out;
  }
}
