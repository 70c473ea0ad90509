package org.spladespark.jobs.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.spladespark.jobs.deploy.Launch.Target;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Rules every launch in deploy/ must follow. Each method returns the problems it finds, one
 * sentence each naming the file, the setting and what it should be; an empty list means none.
 */
final class DeployChecks {
  /** The no-call-home environment every JVM of the pipeline gets (see deploy/README.md). */
  static final Map<String, String> NO_CALL_HOME = noCallHome();

  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  static final String EXECUTOR_GPUS = "spark.executor.resource.gpu.amount";
  static final String TASK_GPUS = "spark.task.resource.gpu.amount";
  static final String DISCOVERY_SCRIPT = "spark.executor.resource.gpu.discoveryScript";
  static final String GPU_VENDOR = "spark.executor.resource.gpu.vendor";

  private DeployChecks() {}

  private static Map<String, String> noCallHome() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("DJL_OFFLINE", "true");
    m.put("OPT_OUT_TRACKING", "true");
    m.put("ORT_DISABLE_TELEMETRY", "1");
    return m;
  }

  static List<String> mainClass(Launch l, String expected) {
    return expected.equals(l.mainClass())
        ? List.of()
        : List.of(l.where() + ": main class is " + l.mainClass() + ", expected " + expected);
  }

  /** The application jar's file name is the one Maven gives the shaded jar. */
  static List<String> jar(Launch l, DeployTree.Pom pom) {
    if (l.jar() == null || l.jar().isBlank()) {
      return List.of(l.where() + ": names no application jar");
    }
    String name = l.jar().substring(l.jar().lastIndexOf('/') + 1);
    return name.equals(pom.shadedJarName())
        ? List.of()
        : List.of(
            l.where()
                + ": jar "
                + name
                + " is not the shaded jar "
                + pom.shadedJarName()
                + " (artifactId-version-classifier of jobs/pom.xml)");
  }

  /** The three variables, with their values, for every JVM the launch starts. */
  static List<String> environment(Launch l) {
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    if (l.submitterEnv() != null) {
      envs.put("spark-submit process", l.submitterEnv());
    }
    envs.put("driver", l.driverEnv());
    envs.put("executors", l.executorEnv());
    envs.forEach(
        (who, env) ->
            NO_CALL_HOME.forEach(
                (name, value) -> {
                  String actual = env == null ? null : env.get(name);
                  if (actual == null) {
                    problems.add(
                        l.where() + ": " + who + " environment lacks " + name + "=" + value);
                  } else if (!actual.equals(value)) {
                    problems.add(
                        l.where()
                            + ": "
                            + who
                            + " environment has "
                            + name
                            + "="
                            + actual
                            + ", expected "
                            + value);
                  }
                }));
    return problems;
  }

  /**
   * Delta's session extension and catalog, everywhere but on Databricks, whose runtime brings its
   * own Delta and catalog (overriding spark_catalog there would replace Unity Catalog's).
   */
  static List<String> delta(Launch l) {
    String extensions = l.conf().get("spark.sql.extensions");
    String catalog = l.conf().get("spark.sql.catalog.spark_catalog");
    if (l.target() == Target.DATABRICKS) {
      return catalog == null
          ? List.of()
          : List.of(
              l.where()
                  + ": sets spark.sql.catalog.spark_catalog="
                  + catalog
                  + "; Databricks Runtime provides Delta and its catalog, remove it");
    }
    List<String> problems = new ArrayList<>();
    boolean hasExtension =
        extensions != null
            && Arrays.stream(extensions.split(","))
                .map(String::trim)
                .anyMatch(DELTA_EXTENSION::equals);
    if (!hasExtension) {
      problems.add(
          l.where()
              + ": spark.sql.extensions is "
              + extensions
              + ", must include "
              + DELTA_EXTENSION);
    }
    if (!DELTA_CATALOG.equals(catalog)) {
      problems.add(
          l.where()
              + ": spark.sql.catalog.spark_catalog is "
              + catalog
              + ", expected "
              + DELTA_CATALOG);
    }
    return problems;
  }

  /** Whether the splade command line asks for the CUDA execution provider. */
  static boolean wantsGpu(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--device=cuda")
          || (args.get(i).equals("--device")
              && i + 1 < args.size()
              && args.get(i + 1).equals("cuda"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * GPU scheduling: none in local mode (Spark cannot schedule GPUs there); otherwise a {@code
   * --device cuda} launch asks for GPUs, the task amount is in (0, executor amount], the executor
   * cores match the tasks the GPUs admit (one ONNX Runtime session per GPU, shared by 1/amount
   * tasks), executors can discover their GPUs, and on Kubernetes the vendor is NVIDIA's.
   */
  static List<String> gpu(Launch l) {
    Map<String, String> c = l.conf();
    List<String> gpuKeys =
        c.keySet().stream().filter(k -> k.matches("spark\\.\\w+\\.resource\\.gpu\\..+")).toList();
    if (l.target() == Target.LOCAL) {
      return gpuKeys.isEmpty()
          ? List.of()
          : List.of(
              l.where()
                  + ": Spark does not schedule GPUs in local mode (tasks would wait forever); remove "
                  + gpuKeys);
    }
    List<String> problems = new ArrayList<>();
    if (gpuKeys.isEmpty()) {
      if (wantsGpu(l.args())) {
        problems.add(
            l.where()
                + ": runs --device cuda but requests no GPUs ("
                + EXECUTOR_GPUS
                + ", "
                + TASK_GPUS
                + ")");
      }
      return problems;
    }
    Double task = number(l, TASK_GPUS, problems);
    if (task == null) {
      return problems;
    }
    if (!(task > 0)) {
      problems.add(l.where() + ": " + TASK_GPUS + "=" + c.get(TASK_GPUS) + " must be > 0");
      return problems;
    }
    if (l.target() == Target.DATABRICKS && !c.containsKey(EXECUTOR_GPUS)) {
      // Databricks gives each executor all GPUs of its node; a task can ask for at most one.
      if (task > 1) {
        problems.add(l.where() + ": " + TASK_GPUS + "=" + c.get(TASK_GPUS) + " must be <= 1");
      }
      return problems;
    }
    Double executor = number(l, EXECUTOR_GPUS, problems);
    if (executor == null) {
      return problems;
    }
    if (executor < 1 || executor != Math.rint(executor)) {
      problems.add(
          l.where()
              + ": "
              + EXECUTOR_GPUS
              + "="
              + c.get(EXECUTOR_GPUS)
              + " must be a positive integer");
      return problems;
    }
    if (task > executor) {
      problems.add(
          l.where()
              + ": "
              + TASK_GPUS
              + "="
              + c.get(TASK_GPUS)
              + " exceeds "
              + EXECUTOR_GPUS
              + "="
              + c.get(EXECUTOR_GPUS)
              + ": no executor could run a task");
    }
    String cores = c.get("spark.executor.cores");
    if (cores != null && cores.matches("\\d+")) {
      long byGpu = (long) Math.floor(executor / task + 1e-9);
      if (byGpu != Long.parseLong(cores)) {
        problems.add(
            l.where()
                + ": spark.executor.cores="
                + cores
                + " but the GPUs admit "
                + byGpu
                + " tasks per executor ("
                + EXECUTOR_GPUS
                + "/"
                + TASK_GPUS
                + "); set "
                + TASK_GPUS
                + " to "
                + EXECUTOR_GPUS
                + "/cores so neither cores nor GPUs sit idle");
      }
    }
    if (l.target() != Target.DATABRICKS) {
      String script = c.get(DISCOVERY_SCRIPT);
      if (script == null || script.isBlank()) {
        problems.add(
            l.where() + ": " + DISCOVERY_SCRIPT + " is missing: executors cannot find their GPUs");
      } else if (!script.startsWith("/")) {
        // A relative script is found in the container's working directory: it must be shipped.
        String name = script.substring(script.lastIndexOf('/') + 1);
        String files = c.getOrDefault("spark.files", "");
        boolean shipped =
            Arrays.stream(files.split(","))
                .anyMatch(f -> f.trim().endsWith("/" + name) || f.trim().equals(name));
        if (!shipped) {
          problems.add(
              l.where()
                  + ": "
                  + DISCOVERY_SCRIPT
                  + "="
                  + script
                  + " is relative but "
                  + name
                  + " is not in --files/spark.files");
        }
      }
    }
    if (l.target() == Target.KUBERNETES && !"nvidia.com".equals(c.get(GPU_VENDOR))) {
      problems.add(
          l.where()
              + ": "
              + GPU_VENDOR
              + " is "
              + c.get(GPU_VENDOR)
              + ", expected nvidia.com (else executor pods get no nvidia.com/gpu limit)");
    }
    return problems;
  }

  private static Double number(Launch l, String key, List<String> problems) {
    String v = l.conf().get(key);
    if (v == null) {
      problems.add(l.where() + ": " + key + " is missing");
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      problems.add(l.where() + ": " + key + "=" + v + " is not a number");
      return null;
    }
  }

  /** The splade subcommand a launch names is registered in the live command tree. */
  static List<String> subcommand(Launch l, CommandLine cli) {
    if (l.args().isEmpty()) {
      return List.of(l.where() + ": passes no splade command");
    }
    String name = l.args().get(0);
    return cli.getSubcommands().containsKey(name)
        ? List.of()
        : List.of(
            l.where()
                + ": splade has no subcommand '"
                + name
                + "' (registered: "
                + new TreeSet<>(cli.getSubcommands().keySet())
                + ")");
  }

  /**
   * Every {@code --option} after the subcommand is one of its options. A launch whose subcommand is
   * missing is left to {@link #subcommand}.
   */
  static List<String> options(Launch l, CommandLine cli) {
    if (l.args().isEmpty() || !cli.getSubcommands().containsKey(l.args().get(0))) {
      return List.of();
    }
    CommandLine cmd = cli.getSubcommands().get(l.args().get(0));
    String path = l.args().get(0);
    int i = 1;
    while (i < l.args().size() && cmd.getSubcommands().containsKey(l.args().get(i))) {
      cmd = cmd.getSubcommands().get(l.args().get(i));
      path += " " + l.args().get(i);
      i++;
    }
    CommandSpec spec = cmd.getCommandSpec();
    List<String> problems = new ArrayList<>();
    for (String arg : l.args().subList(i, l.args().size())) {
      if (!arg.startsWith("--") || arg.equals("--")) {
        continue;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (spec.findOption(name) == null) {
        TreeSet<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
          known.addAll(Arrays.asList(o.names()));
        }
        problems.add(
            l.where()
                + ": 'splade "
                + path
                + "' has no option "
                + name
                + " (options: "
                + known
                + ")");
      }
    }
    return problems;
  }
}
