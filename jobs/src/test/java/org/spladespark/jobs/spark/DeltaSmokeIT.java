package org.spladespark.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.testing.SparkTestSession;

class DeltaSmokeIT {
  @Test
  void writesAndReadsDelta() {
    SparkSession spark = SparkTestSession.get();
    Path dir = SparkTestSession.newDir("smoke");
    spark.range(5).write().format("delta").save(dir.toString());
    assertEquals(5, spark.read().format("delta").load(dir.toString()).count());
  }
}
