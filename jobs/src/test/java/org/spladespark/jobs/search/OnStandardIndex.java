package org.spladespark.jobs.search;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.spladespark.jobs.testing.SparkTestSession;

/** Base of the search ITs that read the shared {@link TestIndex#standard} index. */
abstract class OnStandardIndex {
  static SparkSession spark;
  static TestIndex index;

  @BeforeAll
  static void openStandardIndex() {
    spark = SparkTestSession.get();
    index = TestIndex.standard(spark);
  }
}
