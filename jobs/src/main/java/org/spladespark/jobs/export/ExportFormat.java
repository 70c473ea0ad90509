package org.spladespark.jobs.export;

import java.util.Locale;
import org.spladespark.errors.SpladeException;

/**
 * The engines {@code splade export} writes for.
 *
 * <ul>
 *   <li>{@link #ANSERINI}: Anserini's {@code JsonVectorCollection}, one JSON object a line: {@code
 *       {"id": ..., "contents": ..., "vector": {token: weight}}}; tokens as the vocabulary spells
 *       them.
 *   <li>{@link #OPENSEARCH}: bulk NDJSON (an {@code index} action line, then the source line) for a
 *       {@code rank_features} field, plus {@code mapping.json}.
 *   <li>{@link #ELASTICSEARCH}: the same bulk NDJSON for a {@code sparse_vector} field, plus {@code
 *       mapping.json}.
 * </ul>
 *
 * The two bulk formats name features by {@link FeatureNames#escape}.
 */
public enum ExportFormat {
  ANSERINI("jsonl", null),
  OPENSEARCH("ndjson", "rank_features"),
  ELASTICSEARCH("ndjson", "sparse_vector");

  /** The vector field of the bulk formats' documents and mappings. */
  public static final String VECTOR_FIELD = "splade_vector";

  /** The text field of the bulk formats (with {@code --include-text}). */
  public static final String TEXT_FIELD = "text";

  private final String extension;
  private final String fieldType;

  ExportFormat(String extension, String fieldType) {
    this.extension = extension;
    this.fieldType = fieldType;
  }

  /** The file extension of the data files, without the dot and without {@code .gz}. */
  public String extension() {
    return extension;
  }

  /** The mapping type of the vector field; null for Anserini (which has no mapping). */
  public String fieldType() {
    return fieldType;
  }

  /** Whether the output is engine bulk files with a mapping (feature names escaped). */
  public boolean bulk() {
    return fieldType != null;
  }

  /** The name on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format called {@code name} on the command line. */
  public static ExportFormat parse(String name) {
    for (ExportFormat f : values()) {
      if (f.cliName().equals(name)) {
        return f;
      }
    }
    throw SpladeException.of(
        "--format " + name,
        "is not a known export format",
        "use anserini, opensearch or elasticsearch");
  }
}
