package org.spladespark.jobs.search;

import java.util.Locale;
import org.spladespark.schemas.TableRef;

/**
 * Where the queries of a batch search come from: a file or a table, exactly one.
 *
 * <p>Files: JSON lines (BEIR {@code queries.jsonl}: one object per line with {@code _id} — or
 * {@code query_id} or {@code id} — and {@code text}; other fields ignored) or TSV ({@code
 * id<TAB>text}, no header). The format comes from the name ({@code .jsonl}/{@code .json}, {@code
 * .tsv}/{@code .txt}, optionally compressed, e.g. {@code .jsonl.gz}) unless given. Any Hadoop file
 * system path works. Blank lines are skipped.
 *
 * <p>Tables: a column {@code query_id} (or {@code _id}, or {@code id}; cast to string) and a column
 * {@code text}.
 *
 * @param file the queries file, or null
 * @param format the file format
 * @param table the queries table, or null
 */
public record QuerySource(String file, Format format, TableRef table) {

  /** Queries file format. */
  public enum Format {
    /** From the file name. */
    AUTO,
    JSONL,
    TSV
  }

  public QuerySource {
    if ((file == null) == (table == null)) {
      throw new IllegalArgumentException("exactly one of file and table");
    }
    if (format == null) {
      format = Format.AUTO;
    }
  }

  public static QuerySource file(String path) {
    return new QuerySource(path, Format.AUTO, null);
  }

  public static QuerySource file(String path, Format format) {
    return new QuerySource(path, format, null);
  }

  public static QuerySource table(TableRef table) {
    return new QuerySource(null, Format.AUTO, table);
  }

  /** The format of {@link #file()}: the given one, else from the name. Null if it cannot tell. */
  Format fileFormat() {
    if (format != Format.AUTO) {
      return format;
    }
    String name = file.toLowerCase(Locale.ROOT);
    for (String compressed : new String[] {".gz", ".bz2", ".zst", ".deflate", ".lz4", ".snappy"}) {
      if (name.endsWith(compressed)) {
        name = name.substring(0, name.length() - compressed.length());
      }
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return Format.JSONL;
    }
    if (name.endsWith(".tsv") || name.endsWith(".txt")) {
      return Format.TSV;
    }
    return null;
  }

  @Override
  public String toString() {
    return file != null ? file : table.toString();
  }
}
