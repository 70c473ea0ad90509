package org.spladespark.jobs.encode;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What an encode or re-encode run reports ({@link EncodeMetrics}, {@code ReencodeMetrics}): its
 * {@link RunInfo} and its JSON fields, written to the run's metrics file.
 */
public interface RunMetrics {
  /** The run's model, input, tables, times and metrics path. */
  RunInfo run();

  /** The JSON fields, snake_case, in a stable order. */
  Map<String, Object> toMap();

  default String modelId() {
    return run().modelId();
  }

  default String path() {
    return run().path();
  }

  /** Writes {@link #toMap()} as pretty JSON to {@link #path()}. */
  default void write(Configuration conf) {
    RunMetricsFile.write(path(), toMap(), conf);
  }
}
