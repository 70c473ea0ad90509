package org.spladespark.jobs.encode;

import java.util.Map;

/**
 * What identifies one encode or re-encode run in its metrics ({@link RunClock#info}).
 *
 * @param modelId the model fingerprint
 * @param input the input location
 * @param format the input format read
 * @param tables the tables folder
 * @param startedAt run start (of the successful attempt), ISO-8601 UTC
 * @param encodedAt the encoded_at written
 * @param path where the run's metrics JSON is written ({@code <tables>/_runs/<run id>.json})
 */
public record RunInfo(
    String modelId,
    String input,
    String format,
    String tables,
    String startedAt,
    String encodedAt,
    String path) {

  /** Puts the fields after {@code model_id} in {@code m}: input, format, tables, the times. */
  public void putSource(Map<String, Object> m) {
    m.put("input", input);
    m.put("format", format);
    m.put("tables", tables);
    m.put("started_at", startedAt);
    m.put("encoded_at", encodedAt);
  }
}
