package org.spladespark.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.spladespark.jobs.deploy.Launch.Target;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The deploy checks themselves: a correct launch passes every rule, and each kind of mistake is
 * reported with a message that names the setting. Without these, a check that never fires would
 * make {@link DeployFilesTest} pass vacuously.
 */
class DeployChecksTest {
  private static final String MAIN = "org.spladespark.jobs.cli.SpladeCli";
  private static final DeployTree.Pom POM =
      new DeployTree.Pom("splade-jobs", "1.2.3", "spark-submit", MAIN);

  /** A Kubernetes GPU re-encode as the deploy files write it, settings editable. */
  private static final class Builder {
    Target target = Target.KUBERNETES;
    String mainClass = MAIN;
    String jar = "local:///opt/splade/splade-jobs-1.2.3-spark-submit.jar";
    Map<String, String> conf = new LinkedHashMap<>();
    Map<String, String> submitterEnv = new LinkedHashMap<>(DeployChecks.NO_CALL_HOME);
    Map<String, String> driverEnv = new LinkedHashMap<>(DeployChecks.NO_CALL_HOME);
    Map<String, String> executorEnv = new LinkedHashMap<>(DeployChecks.NO_CALL_HOME);
    List<String> args =
        new ArrayList<>(List.of("encode", "--model", "/m", "--index=/x", "--device", "cuda"));

    Builder() {
      conf.put("spark.sql.extensions", "com.example.Other," + DeployChecks.DELTA_EXTENSION);
      conf.put("spark.sql.catalog.spark_catalog", DeployChecks.DELTA_CATALOG);
      conf.put("spark.executor.cores", "4");
      conf.put(DeployChecks.EXECUTOR_GPUS, "1");
      conf.put(DeployChecks.TASK_GPUS, "0.25");
      conf.put(DeployChecks.DISCOVERY_SCRIPT, "/opt/splade/getGpusResources.sh");
      conf.put(DeployChecks.GPU_VENDOR, "nvidia.com");
    }

    /** Drops every GPU resource setting (executor and task amounts, discovery, vendor). */
    void noGpuRequest() {
      conf.keySet().removeIf(k -> k.matches("spark\\.\\w+\\.resource\\.gpu\\..+"));
    }

    /** On {@code on}, with no GPU setting but a task amount of {@code amount}. */
    void onlyTaskGpus(Target on, String amount) {
      target = on;
      noGpuRequest();
      conf.put(DeployChecks.TASK_GPUS, amount);
    }

    Launch build() {
      return new Launch(
          "x.yaml", target, mainClass, jar, conf, submitterEnv, driverEnv, executorEnv, args);
    }
  }

  private static Launch launch(Consumer<Builder> edit) {
    Builder b = new Builder();
    edit.accept(b);
    return b.build();
  }

  /** splade with {@code encode --model --index --device} and {@code bench encode --corpus}. */
  private static CommandLine cli() {
    CommandSpec encode =
        CommandSpec.create()
            .name("encode")
            .addOption(OptionSpec.builder("--model").type(String.class).build())
            .addOption(OptionSpec.builder("--index").type(String.class).build())
            .addOption(OptionSpec.builder("--device").type(String.class).build());
    CommandSpec benchEncode =
        CommandSpec.create()
            .name("encode")
            .addOption(OptionSpec.builder("--corpus").type(String.class).build());
    CommandLine bench = new CommandLine(CommandSpec.create().name("bench"));
    bench.addSubcommand("encode", new CommandLine(benchEncode));
    CommandLine cli = new CommandLine(CommandSpec.create().name("splade"));
    cli.addSubcommand("encode", new CommandLine(encode));
    cli.addSubcommand("bench", bench);
    return cli;
  }

  private static List<String> all(Launch l) {
    List<String> p = new ArrayList<>();
    p.addAll(DeployChecks.mainClass(l, MAIN));
    p.addAll(DeployChecks.jar(l, POM));
    p.addAll(DeployChecks.environment(l));
    p.addAll(DeployChecks.delta(l));
    p.addAll(DeployChecks.gpu(l));
    p.addAll(DeployChecks.subcommand(l, cli()));
    p.addAll(DeployChecks.options(l, cli()));
    return p;
  }

  @Test
  void aCorrectLaunchPassesEveryCheck() {
    assertEquals(List.of(), all(launch(b -> {})));
  }

  @Test
  void nestedSubcommandOptionsAreFoundUnderTheNestedCommand() {
    Launch l = launch(b -> b.args = new ArrayList<>(List.of("bench", "encode", "--corpus", "c")));
    assertEquals(List.of(), DeployChecks.subcommand(l, cli()));
    assertEquals(List.of(), DeployChecks.options(l, cli()));
  }

  @Test
  void wrongMainClass() {
    Launch l = launch(b -> b.mainClass = "org.example.Main");
    assertEquals(
        List.of("x.yaml: main class is org.example.Main, expected " + MAIN),
        DeployChecks.mainClass(l, MAIN));
  }

  @Test
  void jarWithAnotherClassifier() {
    Launch l = launch(b -> b.jar = "/opt/splade/splade-jobs-1.2.3-shaded.jar");
    assertEquals(
        List.of(
            "x.yaml: jar splade-jobs-1.2.3-shaded.jar is not the shaded jar"
                + " splade-jobs-1.2.3-spark-submit.jar (artifactId-version-classifier of jobs/pom.xml)"),
        DeployChecks.jar(l, POM));
  }

  @Test
  void jarWithAnotherVersion() {
    Launch l = launch(b -> b.jar = "splade-jobs-1.2.2-spark-submit.jar");
    assertEquals(1, DeployChecks.jar(l, POM).size());
  }

  /** An environment {@link DeployChecks#environment} refuses: the edit, and the finding. */
  static Stream<Arguments> environmentFindings() {
    return Stream.of(
        environment(
            "executors without ORT_DISABLE_TELEMETRY",
            b -> b.executorEnv.remove("ORT_DISABLE_TELEMETRY"),
            "x.yaml: executors environment lacks ORT_DISABLE_TELEMETRY=1"),
        environment(
            "driver with DJL_OFFLINE=false",
            b -> b.driverEnv.put("DJL_OFFLINE", "false"),
            "x.yaml: driver environment has DJL_OFFLINE=false, expected true"),
        environment(
            "spark-submit process without OPT_OUT_TRACKING",
            b -> b.submitterEnv.remove("OPT_OUT_TRACKING"),
            "x.yaml: spark-submit process environment lacks OPT_OUT_TRACKING=true"));
  }

  @Test
  void noSubmitterEnvironmentIsNotCheckedWhereThePlatformSubmits() {
    Launch l = launch(b -> b.submitterEnv = null);
    assertEquals(List.of(), DeployChecks.environment(l));
  }

  @Test
  void missingDeltaExtension() {
    Launch l = launch(b -> b.conf.remove("spark.sql.extensions"));
    assertEquals(
        List.of(
            "x.yaml: spark.sql.extensions is null, must include " + DeployChecks.DELTA_EXTENSION),
        DeployChecks.delta(l));
  }

  @Test
  void wrongDeltaCatalog() {
    Launch l = launch(b -> b.conf.put("spark.sql.catalog.spark_catalog", "x.Catalog"));
    assertEquals(
        List.of(
            "x.yaml: spark.sql.catalog.spark_catalog is x.Catalog, expected "
                + DeployChecks.DELTA_CATALOG),
        DeployChecks.delta(l));
  }

  @Test
  void databricksMustNotReplaceItsCatalog() {
    Launch l = launch(b -> b.target = Target.DATABRICKS);
    assertEquals(
        List.of(
            "x.yaml: sets spark.sql.catalog.spark_catalog="
                + DeployChecks.DELTA_CATALOG
                + "; Databricks Runtime provides Delta and its catalog, remove it"),
        DeployChecks.delta(l));
  }

  /**
   * A GPU setting {@link DeployChecks#gpu} refuses: the edit of the good launch, and the finding.
   */
  static Stream<Arguments> gpuFindings() {
    return Stream.of(
        gpu(
            "task amount above executor amount",
            b -> {
              b.conf.put(DeployChecks.TASK_GPUS, "2");
              b.conf.remove("spark.executor.cores");
            },
            "x.yaml: spark.task.resource.gpu.amount=2 exceeds spark.executor.resource.gpu.amount=1:"
                + " no executor could run a task"),
        gpu(
            "cores that the gpu amounts do not match",
            b -> b.conf.put(DeployChecks.TASK_GPUS, "0.5"),
            "x.yaml: spark.executor.cores=4 but the GPUs admit 2 tasks per executor"
                + " (spark.executor.resource.gpu.amount/spark.task.resource.gpu.amount); set"
                + " spark.task.resource.gpu.amount to spark.executor.resource.gpu.amount/cores so"
                + " neither cores nor GPUs sit idle"),
        gpu(
            "fractional executor amount",
            b -> b.conf.put(DeployChecks.EXECUTOR_GPUS, "0.5"),
            "x.yaml: spark.executor.resource.gpu.amount=0.5 must be a positive integer"),
        gpu(
            "missing task amount",
            b -> b.conf.remove(DeployChecks.TASK_GPUS),
            "x.yaml: spark.task.resource.gpu.amount is missing"),
        gpu(
            "missing discovery script",
            b -> b.conf.remove(DeployChecks.DISCOVERY_SCRIPT),
            "x.yaml: spark.executor.resource.gpu.discoveryScript is missing: executors cannot find"
                + " their GPUs"),
        gpu(
            "kubernetes without nvidia vendor",
            b -> b.conf.remove(DeployChecks.GPU_VENDOR),
            "x.yaml: spark.executor.resource.gpu.vendor is null, expected nvidia.com (else executor"
                + " pods get no nvidia.com/gpu limit)"),
        gpu(
            "cuda without gpu request",
            Builder::noGpuRequest,
            "x.yaml: runs --device cuda but requests no GPUs (spark.executor.resource.gpu.amount,"
                + " spark.task.resource.gpu.amount)"),
        gpu(
            "gpu resources in local mode",
            b -> b.onlyTaskGpus(Target.LOCAL, "1"),
            "x.yaml: Spark does not schedule GPUs in local mode (tasks would wait forever); remove"
                + " [spark.task.resource.gpu.amount]"),
        gpu(
            "databricks task amount above one",
            b -> b.onlyTaskGpus(Target.DATABRICKS, "1.5"),
            "x.yaml: spark.task.resource.gpu.amount=1.5 must be <= 1"));
  }

  private static Arguments gpu(String name, Consumer<Builder> edit, String finding) {
    return Arguments.of(name, (Check) DeployChecks::gpu, edit, finding);
  }

  private static Arguments environment(String name, Consumer<Builder> edit, String finding) {
    return Arguments.of(name, (Check) DeployChecks::environment, edit, finding);
  }

  /** One of the checks of {@link DeployChecks}: the findings on a launch. */
  interface Check extends Function<Launch, List<String>> {}

  /** Each case: the good launch, edited, gets exactly the one finding from its check. */
  @ParameterizedTest(name = "{0}")
  @MethodSource({"gpuFindings", "environmentFindings"})
  void finding(String name, Check check, Consumer<Builder> edit, String finding) {
    assertEquals(List.of(finding), check.apply(launch(edit)));
  }

  @Test
  void relativeDiscoveryScriptNotShipped() {
    Launch l =
        launch(
            b -> {
              b.target = Target.YARN;
              b.conf.put(DeployChecks.DISCOVERY_SCRIPT, "./getGpusResources.sh");
            });
    assertEquals(
        List.of(
            "x.yaml: spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh is relative"
                + " but getGpusResources.sh is not in --files/spark.files"),
        DeployChecks.gpu(l));
    Launch shipped =
        launch(
            b -> {
              b.target = Target.YARN;
              b.conf.put(DeployChecks.DISCOVERY_SCRIPT, "./getGpusResources.sh");
              b.conf.put("spark.files", "/repo/deploy/gpu/getGpusResources.sh");
            });
    assertEquals(List.of(), DeployChecks.gpu(shipped));
  }

  @Test
  void unknownSubcommandListsTheRegisteredOnes() {
    Launch l = launch(b -> b.args = new ArrayList<>(List.of("reencode", "--model", "m")));
    assertEquals(
        List.of("x.yaml: splade has no subcommand 'reencode' (registered: [bench, encode])"),
        DeployChecks.subcommand(l, cli()));
    assertEquals(List.of(), DeployChecks.options(l, cli()), "options of a missing command");
  }

  @Test
  void noCommandAtAll() {
    Launch l = launch(b -> b.args = new ArrayList<>());
    assertEquals(List.of("x.yaml: passes no splade command"), DeployChecks.subcommand(l, cli()));
  }

  @Test
  void unknownOptionListsTheCommandsOptions() {
    Launch l = launch(b -> b.args.add("--input=/c"));
    assertEquals(
        List.of(
            "x.yaml: 'splade encode' has no option --input (options: [--device, --index, --model])"),
        DeployChecks.options(l, cli()));
  }

  @Test
  void sparkSubmitLineFoldsOptionsIntoSettings() {
    SparkSubmitLine line =
        SparkSubmitLine.parse(
            List.of(
                "--master",
                "yarn",
                "--num-executors",
                "3",
                "--verbose",
                "--conf",
                "a.b=c=d",
                "--class",
                MAIN,
                "app.jar",
                "encode",
                "--conf",
                "x"));
    assertEquals(
        Map.of("spark.master", "yarn", "spark.executor.instances", "3", "a.b", "c=d"), line.conf());
    assertEquals(MAIN, line.mainClass());
    assertEquals("app.jar", line.jar());
    assertEquals(List.of("encode", "--conf", "x"), line.appArgs());
  }

  /** spark-submit lines (split on blanks) that SparkSubmitLine refuses, and why. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          --executor-gpus 1 app.jar | unknown spark-submit option --executor-gpus
          --conf spark.x app.jar    | --conf spark.x is not of the form key=value
          --master yarn             | spark-submit line has no application jar: [--master, yarn]
          --class                   | spark-submit option --class has no value
          """)
  void sparkSubmitLineRefuses(String line, String message) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SparkSubmitLine.parse(List.of(line.split(" +"))));
    assertEquals(message, e.getMessage());
  }

  @Test
  void dockerfileArgsExpandInEnvAndCopy() {
    Dockerfile d =
        Dockerfile.parse(
            String.join(
                "\n",
                "ARG BASE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04",
                "FROM apache/spark:4.2.0-scala2.13-java17-ubuntu AS spark",
                "ENV IGNORED=1",
                "FROM ${BASE}",
                "ARG V=1.2.3",
                "# comment",
                "ENV A=1 \\",
                "    B=\"two\"",
                "COPY --from=spark /opt/spark /opt/spark",
                "COPY jobs/target/splade-jobs-${V}-spark-submit.jar /opt/splade/j-$V.jar"));
    assertEquals(
        List.of(
            "apache/spark:4.2.0-scala2.13-java17-ubuntu",
            "nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04"),
        d.from());
    assertEquals(Map.of("A", "1", "B", "two"), d.env());
    assertEquals(
        Map.of("jobs/target/splade-jobs-1.2.3-spark-submit.jar", "/opt/splade/j-1.2.3.jar"),
        d.copies());
  }
}
