package org.spladespark.jobs.encode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.spladespark.errors.SpladeException;

/** Writes a job run's metrics as pretty JSON under the tables' {@code _runs/} folder. */
public final class RunMetricsFile {
  private RunMetricsFile() {}

  /** Writes {@code metrics} to {@code path} on any Hadoop file system, replacing a file there. */
  public static void write(String path, Map<String, Object> metrics, Configuration conf) {
    Path p = new Path(path);
    try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, metrics);
    } catch (IOException e) {
      throw SpladeException.of(
          path, "cannot write the run metrics: " + e.getMessage(), "check the tables folder", e);
    }
  }
}
