package org.spladespark.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.deploy.Launches.ScriptRun;

/**
 * The spark-submit scripts' own behaviour in dry-run mode: how settings become the command line,
 * and a clear refusal (exit 2, the variable named) for each kind of bad input.
 */
class SparkSubmitScriptsTest {

  /** The settings edit giving each executor {@code cores} cores and {@code gpus} GPUs. */
  private static Consumer<Map<String, String>> coresAndGpus(String cores, String gpus) {
    return s -> {
      s.put("EXECUTOR_CORES", cores);
      s.put("GPUS_PER_EXECUTOR", gpus);
    };
  }

  private static ScriptRun run(String script, Consumer<Map<String, String>> edit, String... args) {
    Map<String, String> settings = new TreeMap<>(Launches.SCRIPT_SETTINGS);
    edit.accept(settings);
    return Launches.dryRun(Launches.script(script), settings, List.of(args));
  }

  private static void assertRefused(ScriptRun r, String message) {
    assertEquals(2, r.exit(), "exit status; stderr: " + r.stderr());
    assertEquals(List.of(), r.argv(), "a refused run prints no command");
    assertTrue(r.stderr().contains("splade deploy: " + message), r.stderr());
  }

  private static SparkSubmitLine line(ScriptRun r) {
    assertEquals(0, r.exit(), r.stderr());
    return SparkSubmitLine.parse(r.argv().subList(1, r.argv().size()));
  }

  @Test
  void settingsBecomeTheSpladeCommandLineAndExtraArgumentsFollow() {
    ScriptRun r =
        run("yarn", s -> s.put("SPARK_HOME", "/opt/spark"), "encode", "--on-bad-rows=quarantine");
    assertEquals("/opt/spark/bin/spark-submit", r.argv().get(0));
    assertEquals(
        List.of(
            "encode",
            "--model",
            "/data/models/current",
            "--input",
            "/data/corpus",
            "--index",
            "/data/index",
            "--device",
            "cuda",
            "--on-bad-rows=quarantine"),
        line(r).appArgs());
  }

  @Test
  void yarnShipsTheDiscoveryScriptItNames() {
    SparkSubmitLine l = line(run("yarn", s -> {}, "reencode"));
    assertEquals("./getGpusResources.sh", l.conf().get(DeployChecks.DISCOVERY_SCRIPT));
    assertTrue(
        l.conf().get("spark.files").endsWith("/deploy/gpu/getGpusResources.sh"),
        l.conf().get("spark.files"));
  }

  @Test
  void tasksPerGpuSetsTheTaskAmount() {
    SparkSubmitLine l = line(run("kubernetes", coresAndGpus("6", "2"), "encode"));
    assertEquals("2", l.conf().get(DeployChecks.EXECUTOR_GPUS));
    assertEquals("0.333333", l.conf().get(DeployChecks.TASK_GPUS));
    assertEquals("6", l.conf().get("spark.executor.cores"));
  }

  @Test
  void cpuRunsRequestNoGpus() {
    SparkSubmitLine l = line(run("standalone", s -> s.put("DEVICE", "cpu"), "encode"));
    assertTrue(
        l.conf().keySet().stream().noneMatch(k -> k.contains(".resource.gpu.")),
        l.conf().toString());
    assertFalse(DeployChecks.wantsGpu(l.appArgs()), l.appArgs().toString());
  }

  @Test
  void verifyRequestsNoGpus() {
    SparkSubmitLine l = line(run("kubernetes", s -> {}, "verify"));
    assertEquals(List.of("verify", "--index", "/data/index"), l.appArgs());
    assertTrue(l.conf().keySet().stream().noneMatch(k -> k.contains(".resource.gpu.")));
  }

  @Test
  void localRunWithCudaStillRequestsNoGpus() {
    SparkSubmitLine l = line(run("local", s -> s.put("DEVICE", "cuda"), "encode"));
    assertEquals("local[*]", l.conf().get("spark.master"));
    assertTrue(l.conf().keySet().stream().noneMatch(k -> k.contains(".resource.gpu.")));
    assertTrue(DeployChecks.wantsGpu(l.appArgs()));
  }

  @Test
  void refusesAMissingModel() {
    assertRefused(run("local", s -> s.remove("MODEL"), "encode"), "set MODEL");
  }

  @Test
  void refusesAMissingMasterOnStandalone() {
    assertRefused(run("standalone", s -> s.remove("MASTER"), "verify"), "set MASTER");
  }

  @Test
  void refusesAMissingImageOnKubernetes() {
    assertRefused(run("kubernetes", s -> s.remove("IMAGE"), "verify"), "set IMAGE");
  }

  @Test
  void refusesAnUnknownCommand() {
    assertRefused(
        run("yarn", s -> {}, "bogus"),
        "unknown command 'bogus': expected encode, reencode, search or verify");
  }

  @Test
  void refusesNoCommand() {
    assertRefused(run("yarn", s -> {}), "usage:");
  }

  @Test
  void refusesAnUnknownDevice() {
    assertRefused(
        run("yarn", s -> s.put("DEVICE", "tpu"), "encode"), "DEVICE=tpu: expected cpu or cuda");
  }

  @Test
  void refusesAnUnknownYarnDeployMode() {
    assertRefused(
        run("yarn", s -> s.put("DEPLOY_MODE", "local"), "encode"),
        "DEPLOY_MODE=local: expected cluster or client");
  }

  @Test
  void refusesCoresThatDoNotSplitOverTheGpus() {
    assertRefused(
        run("yarn", coresAndGpus("6", "4"), "encode"),
        "EXECUTOR_CORES=6 is not a multiple of GPUS_PER_EXECUTOR=4; set TASKS_PER_GPU");
  }

  @Test
  void refusesANonNumericGpuCount() {
    assertRefused(
        run("kubernetes", s -> s.put("GPUS_PER_EXECUTOR", "one"), "encode"),
        "GPUS_PER_EXECUTOR=one: must be a positive integer");
  }

  @Test
  void refusesToRunWithoutTheBuiltJar() {
    Map<String, String> settings = new TreeMap<>(Launches.SCRIPT_SETTINGS);
    settings.put("JAR", "/nonexistent/splade-jobs-x-spark-submit.jar");
    ScriptRun r = Launches.run(Launches.script("local"), settings, List.of("verify"), false);
    assertEquals(2, r.exit(), r.stderr());
    assertTrue(
        r.stderr()
            .contains(
                "splade deploy: /nonexistent/splade-jobs-x-spark-submit.jar not found: build it with"
                    + " 'mvn -B -Pgpu package -DskipTests'"),
        r.stderr());
  }
}
