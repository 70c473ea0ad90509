package org.spladespark.schemas;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What {@link TableRef#overwrite(StructType, org.apache.spark.sql.Dataset)} accepts as the same.
 */
class TableRefColumnsTest {
  private static final StructType DECLARED =
      new StructType().add("model_id", DataTypes.StringType).add("docs", DataTypes.LongType);

  @Test
  void nullabilityAndMetadataAside() {
    StructType computed =
        new StructType()
            .add("model_id", DataTypes.StringType, false, Metadata.fromJson("{\"comment\":\"x\"}"))
            .add("docs", DataTypes.LongType, false);
    assertTrue(TableRef.sameColumns(DECLARED, computed));
  }

  @Test
  void namesTypesAndOrderCount() {
    assertFalse(
        TableRef.sameColumns(
            DECLARED,
            new StructType()
                .add("docs", DataTypes.LongType)
                .add("model_id", DataTypes.StringType)));
    assertFalse(
        TableRef.sameColumns(
            DECLARED,
            new StructType()
                .add("model_id", DataTypes.StringType)
                .add("docs", DataTypes.IntegerType)));
    assertFalse(
        TableRef.sameColumns(
            DECLARED,
            new StructType().add("model_id", DataTypes.StringType).add("doc", DataTypes.LongType)));
    assertFalse(
        TableRef.sameColumns(DECLARED, new StructType().add("model_id", DataTypes.StringType)));
  }
}
