package org.spladespark.jobs.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.spladespark.errors.SpladeException;

/**
 * The text of exported documents, queries and mappings, one JSON object per line.
 *
 * <p>Weights: without quantization a float32 weight is written as the shortest decimal that reads
 * back as the same float32 (Jackson's Schubfach writer), so {@code Float.parseFloat} — and a double
 * parse rounded to float32 — returns the exported weight exactly. With {@code quantize = N} it is
 * the integer {@code Math.round((double) w * N)} (round half up; Anserini's impact indexes want
 * integer term frequencies), so {@code |q / N - w| <= 0.5 / N}; tokens that round to 0 are left out
 * (an engine cannot store a zero impact). Entries are in ascending token id order.
 *
 * <p>Immutable and thread-safe; {@code vocabulary[id]} is the token of id {@code id}.
 */
public final class ExportLines implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private final ExportFormat format;
  private final int quantize;
  private final String[] featureNames;

  /**
   * @param quantize 0 for float weights, else the factor N of {@code round(w * N)}
   */
  public ExportLines(ExportFormat format, int quantize, String[] vocabulary) {
    this.format = format;
    this.quantize = quantize;
    this.featureNames = new String[vocabulary.length];
    for (int i = 0; i < vocabulary.length; i++) {
      String t = vocabulary[i];
      featureNames[i] = t == null ? null : format.bulk() ? FeatureNames.escape(t) : t;
    }
  }

  /** {@code round(w * n)}, half up, computed in double. */
  public static long quantize(float w, int n) {
    return Math.round((double) w * n);
  }

  /**
   * The line(s) of one document, without the final newline: one for Anserini, the action and the
   * source line for the bulk formats.
   *
   * @param text the document's contents, or null when not exported
   */
  public String document(String docId, String text, int[] tokenIds, float[] weights) {
    return json(
        new StringWriter(64 + 24 * tokenIds.length),
        false,
        (g, w) -> {
          if (format.bulk()) {
            g.writeStartObject();
            g.writeObjectFieldStart("index");
            g.writeStringField("_id", docId);
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            w.write('\n');
            g.writeStartObject();
            vector(g, ExportFormat.VECTOR_FIELD, tokenIds, weights, docId);
            if (text != null) {
              g.writeStringField(ExportFormat.TEXT_FIELD, text);
            }
            g.writeEndObject();
          } else {
            g.writeStartObject();
            g.writeStringField("id", docId);
            g.writeStringField("contents", text == null ? "" : text);
            vector(g, "vector", tokenIds, weights, docId);
            g.writeEndObject();
          }
        });
  }

  /** The entries of a vector with a positive weight. */
  private record Positive(int[] ids, float[] weights) {
    static Positive of(int[] ids, float[] ws) {
      int[] i2 = new int[ids.length];
      float[] w2 = new float[ids.length];
      int n = 0;
      for (int i = 0; i < ids.length; i++) {
        if (ws[i] > 0f) {
          i2[n] = ids[i];
          w2[n++] = ws[i];
        }
      }
      return new Positive(Arrays.copyOf(i2, n), Arrays.copyOf(w2, n));
    }
  }

  /**
   * One query, as the engine is asked it (tokens with a weight of 0 or less are left out: the
   * engines take positive boosts only, and a trained IDF table may hold negative weights): Anserini
   * {@code {"qid", "vector"}} (its {@code JsonIntVector} topic reader), OpenSearch {@code {"id",
   * "body": {"query": {"neural_sparse": ...}}}} with {@code query_tokens}, Elasticsearch {@code
   * {"id", "body": {"query": {"sparse_vector": ...}}}} with {@code query_vector}.
   */
  public String query(String queryId, int[] tokenIds, float[] weights) {
    Positive p = Positive.of(tokenIds, weights);
    return json(
        new StringWriter(),
        false,
        (g, w) -> {
          g.writeStartObject();
          if (!format.bulk()) {
            g.writeStringField("qid", queryId);
            vector(g, "vector", p.ids(), p.weights(), queryId);
          } else {
            g.writeStringField("id", queryId);
            g.writeObjectFieldStart("body");
            g.writeObjectFieldStart("query");
            if (format == ExportFormat.OPENSEARCH) {
              g.writeObjectFieldStart("neural_sparse");
              g.writeObjectFieldStart(ExportFormat.VECTOR_FIELD);
              vector(g, "query_tokens", p.ids(), p.weights(), queryId);
              g.writeEndObject();
            } else {
              g.writeObjectFieldStart("sparse_vector");
              g.writeStringField("field", ExportFormat.VECTOR_FIELD);
              vector(g, "query_vector", p.ids(), p.weights(), queryId);
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  /**
   * The index mapping of a bulk format: the vector field typed {@link ExportFormat#fieldType}, and
   * a {@code text} field when the text is exported. Null for Anserini.
   */
  public static String mapping(ExportFormat format, boolean withText) {
    if (!format.bulk()) {
      return null;
    }
    return json(
            new StringWriter(),
            true,
            (g, w) -> {
              g.writeStartObject();
              g.writeObjectFieldStart("mappings");
              g.writeObjectFieldStart("properties");
              g.writeObjectFieldStart(ExportFormat.VECTOR_FIELD);
              g.writeStringField("type", format.fieldType());
              g.writeEndObject();
              if (withText) {
                g.writeObjectFieldStart(ExportFormat.TEXT_FIELD);
                g.writeStringField("type", "text");
                g.writeEndObject();
              }
              g.writeEndObject();
              g.writeEndObject();
              g.writeEndObject();
            })
        + "\n";
  }

  /** What one generator writes; {@code w} is the writer under it (flush {@code g} first). */
  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g, StringWriter w) throws IOException;
  }

  /**
   * The text {@code body} writes through one generator, pretty-printed or compact, over {@code w}.
   */
  private static String json(StringWriter w, boolean pretty, Body body) {
    try (JsonGenerator g =
        pretty ? JSON.createGenerator(w).useDefaultPrettyPrinter() : JSON.createGenerator(w)) {
      body.write(g, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private void vector(JsonGenerator g, String field, int[] ids, float[] ws, String owner)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (int i = 0; i < ids.length; i++) {
      String name = ids[i] >= 0 && ids[i] < featureNames.length ? featureNames[ids[i]] : null;
      if (name == null) {
        throw SpladeException.of(
            "vector of '" + owner + "'",
            "has token id " + ids[i] + ", which the vocabulary does not spell",
            "export with the model the index was encoded with (--model), or rebuild token_stats");
      }
      if (quantize > 0) {
        long q = quantize(ws[i], quantize);
        if (q != 0) {
          g.writeNumberField(name, q);
        }
      } else {
        g.writeNumberField(name, ws[i]);
      }
    }
    g.writeEndObject();
  }

  /** The names (feature names for the bulk formats) that two or more token ids share. */
  public List<String> duplicateNames() {
    Map<String, Integer> seen = new HashMap<>();
    TreeSet<String> dup = new TreeSet<>();
    for (String n : featureNames) {
      if (n != null && seen.merge(n, 1, Integer::sum) > 1) {
        dup.add(n);
      }
    }
    return List.copyOf(dup);
  }
}
