package org.spladespark.schemas;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What {@link TableRef#overwrite(StructType, org.apache.spark.sql.Dataset)} accepts as the same.
 */
class TableRefColumnsTest {
  private static final StructType DECLARED =
      columns("model_id", DataTypes.StringType, "docs", DataTypes.LongType);

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
    assertDiffers(columns("docs", DataTypes.LongType, "model_id", DataTypes.StringType));
    assertDiffers(columns("model_id", DataTypes.StringType, "docs", DataTypes.IntegerType));
    assertDiffers(columns("model_id", DataTypes.StringType, "doc", DataTypes.LongType));
    assertDiffers(new StructType().add("model_id", DataTypes.StringType));
  }

  private static StructType columns(String a, DataType aType, String b, DataType bType) {
    return new StructType().add(a, aType).add(b, bType);
  }

  private static void assertDiffers(StructType computed) {
    assertFalse(TableRef.sameColumns(DECLARED, computed), computed.simpleString());
  }
}
