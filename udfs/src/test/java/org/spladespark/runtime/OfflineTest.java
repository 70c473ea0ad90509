package org.spladespark.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;

class OfflineTest {
  @Test
  void tokenizerCreationLeavesDjlOfflineWithTrackingOff() {
    ModelBundle model = ModelBundle.load(Fixtures.tinyModel());
    try (TextTokenizer t = TextTokenizer.forQueries(model.queryTokenizer(), 512)) {
      for (String[] kv : Offline.PROPERTIES) {
        assertEquals(kv[1], System.getProperty(kv[0]), kv[0]);
      }
      // DJL's own reading of the switches: offline (no model-zoo or metadata calls) and no
      // telemetry (Ec2Utils reads OPT_OUT_TRACKING from the environment or the properties).
      assertTrue(Utils.isOfflineMode());
      assertEquals("true", Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING"));
    }
  }
}
