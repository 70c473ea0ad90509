package org.spladespark.sql;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;

/**
 * The query side of each model a JVM's SQL functions use, loaded once per JVM on first use (on the
 * driver and on every executor) and kept for the JVM's lifetime: the IDF query encoder (a tokenizer
 * and one float per vocabulary id, no ONNX) and the vocabulary. Keyed by the model folder as given.
 * Thread-safe.
 */
final class QueryModels {
  private static final ConcurrentHashMap<String, QueryModels> LOADED = new ConcurrentHashMap<>();

  private final QueryEncoder encoder;
  private final Vocabulary vocabulary;

  private QueryModels(ModelBundle model) {
    this.encoder = QueryEncoder.create(model);
    this.vocabulary = model.vocabulary();
  }

  static QueryModels get(String modelPath) {
    return LOADED.computeIfAbsent(modelPath, p -> new QueryModels(ModelBundle.load(Path.of(p))));
  }

  QueryEncoder encoder() {
    return encoder;
  }

  Vocabulary vocabulary() {
    return vocabulary;
  }
}
