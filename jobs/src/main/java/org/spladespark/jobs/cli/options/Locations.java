package org.spladespark.jobs.cli.options;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How a path option of the CLI is read, the same for every command.
 *
 * <ul>
 *   <li>A URI with a scheme ({@code file:/data/idx}, {@code s3a://bucket/idx}, {@code
 *       abfss://c@a.dfs.core.windows.net/idx}) is kept as it is.
 *   <li>Anything else is a local path; a relative one is resolved against the working directory
 *       (Spark would otherwise resolve it against its warehouse, or read it as a table name).
 *   <li>Where an option takes a path <em>or</em> a catalog table ({@code encode --input}, {@code
 *       stats --corpus}), a value without {@code /} or {@code \} made of two or three dotted
 *       identifiers ({@code schema.table}, {@code catalog.schema.table}), not ending in a file
 *       extension ({@code .jsonl}, {@code .csv}, {@code .parquet}, …) and not an existing local
 *       file, is a table name ({@link #pathOrTable}); write {@code ./corpus.jsonl} to force a path.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class Locations {
  /** {@code scheme:} of a URI: at least two characters, so that {@code C:\dir} stays a path. */
  private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*){1,2}|`[^`]+`(\\.`[^`]+`){1,2}");

  /** A name ending in a file extension of a corpus or results file is a file, never a table. */
  private static final Pattern FILE_NAME =
      Pattern.compile(
          "(?i).*\\.(jsonl|json|ndjson|csv|tsv|txt|parquet|gz|bz2|zst|trec|html|sql|onnx)");

  private Locations() {}

  /** Whether {@code s} is a URI with a scheme, such as {@code s3a://b/x} or {@code file:/x}. */
  public static boolean isUri(String s) {
    return URI.matcher(s).matches();
  }

  /**
   * A folder or file option: a URI as it is, a local path made absolute and normalized; null stays
   * null. Trailing slashes are dropped.
   */
  public static String path(String s) {
    if (s == null || s.isBlank()) {
      return s;
    }
    String p = isUri(s) ? s : absolute(s);
    while (p.length() > 1 && p.endsWith("/") && !p.endsWith(":/") && !p.endsWith("//")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** A local {@link Path} option made absolute and normalized; null stays null. */
  public static Path path(Path p) {
    return p == null ? null : p.toAbsolutePath().normalize();
  }

  /**
   * An option that takes a path or a catalog table: a table name ({@link Locations}) as it is,
   * anything else as {@link #path(String)}.
   */
  public static String pathOrTable(String s) {
    if (s == null || s.isBlank()) {
      return s;
    }
    return isTableName(s) ? s : path(s);
  }

  /** Whether {@code s} names a catalog table rather than a path (see the class comment). */
  public static boolean isTableName(String s) {
    if (!TABLE_NAME.matcher(s).matches() || FILE_NAME.matcher(s).matches()) {
      return false;
    }
    try {
      return !Files.exists(Path.of(s));
    } catch (InvalidPathException e) {
      return true;
    }
  }

  /**
   * A model option: a local folder made absolute (executors may run in another directory); a hub id
   * ({@code org/name}, not a local folder) as it is.
   */
  public static String model(String s) {
    if (s == null || s.isBlank() || isUri(s)) {
      return s;
    }
    try {
      Path p = Path.of(s);
      return Files.exists(p) ? p.toAbsolutePath().normalize().toString() : s;
    } catch (InvalidPathException e) {
      return s;
    }
  }

  private static String absolute(String s) {
    try {
      return Path.of(s).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      return s;
    }
  }
}
