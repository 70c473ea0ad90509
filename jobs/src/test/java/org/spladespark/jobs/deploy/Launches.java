package org.spladespark.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.spladespark.jobs.deploy.Launch.Target;

/**
 * Every launch of the splade CLI that deploy/ describes: the spark-submit scripts (run in dry-run
 * mode, so what is checked is the command they would really run), SparkApplications and
 * spark-submit containers in the Kubernetes manifests, the Airflow DAG's settings and the
 * Databricks job's tasks.
 */
final class Launches {
  /** Commands every spark-submit script supports (deploy/README.md documents them). */
  static final List<String> SCRIPT_COMMANDS = List.of("encode", "reencode", "search", "verify");

  /** Settings given to the scripts in dry runs; the scripts read nothing else from outside. */
  static final Map<String, String> SCRIPT_SETTINGS =
      Map.ofEntries(
          Map.entry("MODEL", "/data/models/current"),
          Map.entry("INPUT", "/data/corpus"),
          Map.entry("INDEX", "/data/index"),
          Map.entry("QUERIES", "/data/queries.jsonl"),
          Map.entry("OUTPUT", "/data/run"),
          Map.entry("MASTER", "spark://master.example.com:7077"),
          Map.entry("K8S_MASTER", "k8s://https://api.example.com:6443"),
          Map.entry("IMAGE", "registry.example.com/splade/splade-spark-gpu:test"),
          Map.entry("DATA_PVC", "splade-data"),
          Map.entry("GPU_NODE_SELECTOR", "nvidia.com/gpu.present=true"));

  private Launches() {}

  static List<Launch> all() {
    List<Launch> out = new ArrayList<>();
    out.addAll(scripts());
    out.addAll(kubernetes());
    out.addAll(airflow());
    out.addAll(databricks());
    return out;
  }

  // ---- spark-submit scripts --------------------------------------------------------------------

  /**
   * What a script printed in dry-run mode.
   *
   * @param exit exit status
   * @param env the script's environment when it would exec spark-submit
   * @param argv the spark-submit command line, executable first
   * @param stderr what it wrote to standard error
   */
  record ScriptRun(int exit, Map<String, String> env, List<String> argv, String stderr) {}

  /**
   * Runs a deploy script with {@code SPLADE_DRY_RUN=1} in an environment that holds only PATH and
   * {@code settings}: whatever else the output shows, the script set itself.
   */
  static ScriptRun dryRun(Path script, Map<String, String> settings, List<String> args) {
    return run(script, settings, args, true);
  }

  /**
   * Runs a deploy script; without {@code dry} it would exec spark-submit, so callers only use that
   * for runs the script must refuse before getting there.
   */
  static ScriptRun run(Path script, Map<String, String> settings, List<String> args, boolean dry) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
    if (dry) {
      pb.environment().put("SPLADE_DRY_RUN", "1");
    }
    pb.environment().putAll(settings);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      // Small outputs: read both fully, then wait.
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(script + " did not finish within 60 s");
      }
      Map<String, String> env = new TreeMap<>();
      List<String> argv = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.startsWith("env ")) {
          int eq = line.indexOf('=');
          if (eq > 4) {
            env.put(line.substring(4, eq), line.substring(eq + 1));
          }
        } else if (line.startsWith("arg ")) {
          argv.add(line.substring(4));
        }
      }
      return new ScriptRun(p.exitValue(), env, argv, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Path script(String name) {
    return DeployTree.deploy().resolve("spark-submit").resolve(name + ".sh");
  }

  static List<Launch> scripts() {
    Map<String, Target> targets = new LinkedHashMap<>();
    targets.put("local", Target.LOCAL);
    targets.put("standalone", Target.STANDALONE);
    targets.put("yarn", Target.YARN);
    targets.put("kubernetes", Target.KUBERNETES);
    List<Launch> out = new ArrayList<>();
    for (Map.Entry<String, Target> t : targets.entrySet()) {
      for (String command : SCRIPT_COMMANDS) {
        out.add(scriptLaunch(t.getKey(), t.getValue(), SCRIPT_SETTINGS, command));
      }
    }
    Map<String, String> client = new TreeMap<>(SCRIPT_SETTINGS);
    client.put("DEPLOY_MODE", "client");
    out.add(scriptLaunch("yarn", Target.YARN, client, "reencode"));
    return out;
  }

  private static Launch scriptLaunch(
      String name, Target target, Map<String, String> settings, String command) {
    Path script = script(name);
    ScriptRun run = dryRun(script, settings, List.of(command));
    String where =
        DeployTree.rel(script)
            + " "
            + command
            + (settings.containsKey("DEPLOY_MODE")
                ? " (DEPLOY_MODE=" + settings.get("DEPLOY_MODE") + ")"
                : "");
    if (run.exit() != 0 || run.argv().isEmpty()) {
      throw new IllegalStateException(
          where + ": dry run failed with exit " + run.exit() + ": " + run.stderr());
    }
    return fromSparkSubmit(where, target, run.argv().subList(1, run.argv().size()), run.env());
  }

  /** A launch from a spark-submit command line (executable removed). */
  static Launch fromSparkSubmit(
      String where, Target target, List<String> argv, Map<String, String> submitterEnv) {
    SparkSubmitLine line = SparkSubmitLine.parse(argv);
    Map<String, String> conf = line.conf();
    Map<String, String> executorEnv = Launch.withPrefix(conf, "spark.executorEnv.");
    Map<String, String> driverEnv =
        switch (target) {
          case KUBERNETES -> Launch.withPrefix(conf, "spark.kubernetes.driverEnv.");
          case YARN ->
              "cluster".equals(conf.get("spark.submit.deployMode"))
                  ? Launch.withPrefix(conf, "spark.yarn.appMasterEnv.")
                  : submitterEnv;
          default -> submitterEnv;
        };
    if (target == Target.LOCAL) {
      // Local executors are threads of the driver JVM: they see the driver's environment.
      executorEnv = submitterEnv;
    }
    return new Launch(
        where,
        target,
        line.mainClass(),
        line.jar(),
        conf,
        submitterEnv,
        driverEnv,
        executorEnv,
        line.appArgs());
  }

  // ---- Kubernetes ------------------------------------------------------------------------------

  static List<Launch> kubernetes() {
    List<Launch> out = new ArrayList<>();
    for (Path file : DeployTree.files(".yaml", ".yml")) {
      List<JsonNode> docs = DeployTree.readYaml(file);
      for (int d = 0; d < docs.size(); d++) {
        JsonNode doc = docs.get(d);
        String where = DeployTree.rel(file) + " document " + (d + 1);
        String kind = doc.path("kind").asText();
        if (kind.equals("SparkApplication")) {
          out.add(sparkApplication(where, doc.path("spec")));
        } else if (kind.equals("ScheduledSparkApplication")) {
          out.add(sparkApplication(where, doc.path("spec").path("template")));
        }
        for (JsonNode container : containers(doc)) {
          List<String> argv = new ArrayList<>();
          container.path("command").forEach(n -> argv.add(n.asText()));
          container.path("args").forEach(n -> argv.add(n.asText()));
          int submit = indexOfSparkSubmit(argv);
          if (submit >= 0) {
            out.add(
                fromSparkSubmit(
                    where + " container " + container.path("name").asText(),
                    Target.KUBERNETES,
                    argv.subList(submit + 1, argv.size()),
                    envList(container.path("env"))));
          }
        }
      }
    }
    return out;
  }

  private static int indexOfSparkSubmit(List<String> argv) {
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).equals("spark-submit") || argv.get(i).endsWith("/spark-submit")) {
        return i;
      }
    }
    return -1;
  }

  /** Every container spec anywhere in a manifest (Pod, Job, CronJob, Deployment...). */
  static List<JsonNode> containers(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isObject()) {
      for (String key : List.of("containers", "initContainers")) {
        if (node.path(key).isArray()) {
          node.path(key).forEach(out::add);
        }
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getKey().equals("containers") && !e.getKey().equals("initContainers")) {
          out.addAll(containers(e.getValue()));
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> out.addAll(containers(n)));
    }
    return out;
  }

  private static Map<String, String> envList(JsonNode env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach(e -> out.put(e.path("name").asText(), e.path("value").asText()));
    return out;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static List<String> stringList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Launch sparkApplication(String where, JsonNode spec) {
    Map<String, String> conf = strings(spec.path("sparkConf"));
    putIfPresent(conf, "spark.executor.cores", spec.path("executor").path("cores"));
    putIfPresent(conf, "spark.executor.instances", spec.path("executor").path("instances"));
    putIfPresent(conf, "spark.executor.memory", spec.path("executor").path("memory"));
    putIfPresent(conf, "spark.driver.memory", spec.path("driver").path("memory"));
    Map<String, String> driverEnv = Launch.withPrefix(conf, "spark.kubernetes.driverEnv.");
    driverEnv.putAll(envList(spec.path("driver").path("env")));
    Map<String, String> executorEnv = Launch.withPrefix(conf, "spark.executorEnv.");
    executorEnv.putAll(envList(spec.path("executor").path("env")));
    return new Launch(
        where,
        Target.KUBERNETES,
        spec.path("mainClass").asText(null),
        spec.path("mainApplicationFile").asText(null),
        conf,
        null,
        driverEnv,
        executorEnv,
        stringList(spec.path("arguments")));
  }

  private static void putIfPresent(Map<String, String> conf, String key, JsonNode value) {
    if (!value.isMissingNode() && !value.isNull()) {
      conf.put(key, value.asText());
    }
  }

  // ---- Airflow ---------------------------------------------------------------------------------

  /** The SparkSubmitOperator tasks of deploy/airflow/*.json (the DAG file reads those settings). */
  static List<Launch> airflow() {
    List<Launch> out = new ArrayList<>();
    for (Path file : DeployTree.jsonUnder("deploy/airflow/")) {
      JsonNode s = DeployTree.readJson(file);
      for (JsonNode task : s.path("tasks")) {
        Map<String, String> conf = strings(s.path("conf"));
        conf.putAll(strings(task.path("conf")));
        putIfPresent(conf, "spark.executor.cores", task.path("executor_cores"));
        putIfPresent(conf, "spark.executor.instances", task.path("num_executors"));
        putIfPresent(conf, "spark.executor.memory", task.path("executor_memory"));
        // SparkSubmitOperator passes env_vars to a cluster-mode driver as
        // spark.kubernetes.driverEnv.* (Kubernetes) or spark.yarn.appMasterEnv.* (YARN).
        Map<String, String> driverEnv = Launch.withPrefix(conf, "spark.kubernetes.driverEnv.");
        driverEnv.putAll(strings(s.path("env_vars")));
        out.add(
            new Launch(
                DeployTree.rel(file) + " task " + task.path("task_id").asText(),
                conf.containsKey("spark.kubernetes.container.image")
                    ? Target.KUBERNETES
                    : Target.YARN,
                s.path("main_class").asText(null),
                s.path("application").asText(null),
                conf,
                null,
                driverEnv,
                Launch.withPrefix(conf, "spark.executorEnv."),
                stringList(task.path("args"))));
      }
    }
    return out;
  }

  // ---- Databricks ------------------------------------------------------------------------------

  /** The spark_jar_task tasks of deploy/databricks/*.json (Jobs API 2.1 job settings). */
  static List<Launch> databricks() {
    List<Launch> out = new ArrayList<>();
    for (Path file : DeployTree.jsonUnder("deploy/databricks/")) {
      JsonNode job = DeployTree.readJson(file);
      Map<String, JsonNode> jobClusters = new TreeMap<>();
      job.path("job_clusters")
          .forEach(c -> jobClusters.put(c.path("job_cluster_key").asText(), c.path("new_cluster")));
      for (JsonNode task : job.path("tasks")) {
        JsonNode jar = task.path("spark_jar_task");
        if (jar.isMissingNode()) {
          continue;
        }
        String where = DeployTree.rel(file) + " task " + task.path("task_key").asText();
        JsonNode cluster =
            task.has("new_cluster")
                ? task.path("new_cluster")
                : jobClusters.get(task.path("job_cluster_key").asText());
        if (cluster == null || cluster.isMissingNode()) {
          throw new IllegalStateException(where + ": no new_cluster and no matching job_cluster");
        }
        String jarPath = null;
        for (JsonNode lib : task.path("libraries")) {
          if (lib.has("jar")) {
            jarPath = lib.path("jar").asText();
          }
        }
        Map<String, String> env = strings(cluster.path("spark_env_vars"));
        out.add(
            new Launch(
                where,
                Target.DATABRICKS,
                jar.path("main_class_name").asText(null),
                jarPath,
                strings(cluster.path("spark_conf")),
                null,
                env,
                env,
                stringList(jar.path("parameters"))));
      }
    }
    return out;
  }
}
