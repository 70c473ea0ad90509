package org.spladespark.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/gpu/getGpusResources.sh against a stand-in nvidia-smi: the JSON Spark reads, and a loud
 * failure when the GPUs cannot be listed.
 */
class GpuDiscoveryScriptTest {
  @TempDir Path bin;

  private record Result(int exit, String stdout, String stderr) {}

  /** Puts an nvidia-smi into {@code bin} that checks its arguments and runs {@code body}. */
  private void fakeNvidiaSmi(String body) throws IOException {
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(
        smi,
        "#!/bin/sh\n"
            + "if [ \"$*\" != \"--query-gpu=index --format=csv,noheader\" ]; then\n"
            + "  echo \"unexpected arguments: $*\" >&2; exit 64\n"
            + "fi\n"
            + body
            + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Result run(String path) throws Exception {
    Path script = DeployTree.deploy().resolve("gpu/getGpusResources.sh");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
    pb.environment().clear();
    pb.environment().put("PATH", path);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "discovery script hung");
    return new Result(p.exitValue(), out, err);
  }

  /** The script's success with an nvidia-smi running {@code body}: Spark's "gpu" resource JSON. */
  private List<?> gpuAddresses(String body) throws Exception {
    fakeNvidiaSmi(body);
    Result r = run(bin + ":/usr/bin:/bin");
    assertEquals(0, r.exit(), r.stderr());
    JsonNode json = DeployTree.JSON.readTree(r.stdout());
    assertEquals("gpu", json.path("name").asText());
    assertTrue(json.path("addresses").isArray(), r.stdout());
    return DeployTree.JSON.convertValue(json.path("addresses"), List.class);
  }

  @Test
  void listsEveryGpuIndexAsSparkResourceJson() throws Exception {
    assertEquals(List.of("0", "1", "2"), gpuAddresses("printf '0\\n1\\n 2 \\n'"));
  }

  @Test
  void noGpuGivesAnEmptyAddressList() throws Exception {
    assertEquals(List.of(), gpuAddresses("exit 0"));
  }

  @Test
  void failingNvidiaSmiFailsTheScriptWithAReason() throws Exception {
    fakeNvidiaSmi("echo 'NVIDIA-SMI has failed' >&2; exit 9");
    Result r = run(bin + ":/usr/bin:/bin");
    assertEquals(1, r.exit());
    assertEquals("", r.stdout());
    assertTrue(
        r.stderr().contains("getGpusResources.sh: nvidia-smi failed (driver not loaded"),
        r.stderr());
  }

  @Test
  void missingNvidiaSmiFailsTheScriptWithAReason() throws Exception {
    Result r = run(bin.toString());
    assertEquals(1, r.exit());
    assertEquals("", r.stdout());
    assertTrue(
        r.stderr().contains("getGpusResources.sh: nvidia-smi not found on PATH"), r.stderr());
  }
}
