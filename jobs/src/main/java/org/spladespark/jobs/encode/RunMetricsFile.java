package org.spladespark.jobs.encode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.spladespark.errors.SpladeException;

/**
 * Writes a run's metrics as pretty JSON: a job's under the tables' {@code _runs/} folder (any
 * Hadoop file system), a benchmark's or a report's to a local file.
 */
public final class RunMetricsFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunMetricsFile() {}

  /**
   * Writes {@code value} to the local {@code file} (its folder created), replacing a file there; no
   * Hadoop checksum file beside it.
   */
  public static void write(java.nio.file.Path file, Object value) {
    try {
      java.nio.file.Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        java.nio.file.Files.createDirectories(dir);
      }
      JSON.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw SpladeException.of(
          file.toString(), "cannot be written: " + e.getMessage(), "pass a writable location", e);
    }
  }

  /** Writes {@code metrics} to {@code path} on any Hadoop file system, replacing a file there. */
  public static void write(String path, Map<String, Object> metrics, Configuration conf) {
    Path p = new Path(path);
    try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
      JSON.writeValue(out, metrics);
    } catch (IOException e) {
      throw SpladeException.of(
          path, "cannot write the run metrics: " + e.getMessage(), "check the tables folder", e);
    }
  }
}
