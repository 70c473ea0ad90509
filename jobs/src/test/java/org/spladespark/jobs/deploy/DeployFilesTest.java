package org.spladespark.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.deploy.Launch.Target;
import org.spladespark.runtime.Offline;
import picocli.CommandLine;

/**
 * Every file under deploy/ parses, and every launch it describes agrees with the code and the
 * build: the CLI's main class, subcommands and options, the shaded jar, the no-call-home
 * environment, Delta and GPU settings. Fails when a deploy file and the code drift apart.
 */
class DeployFilesTest {
  private static List<Launch> launches;
  private static DeployTree.Pom pom;

  @BeforeAll
  static void load() {
    launches = Launches.all();
    pom = DeployTree.pom();
  }

  private static void assertNoProblems(Function<Launch, List<String>> check) {
    List<String> problems = new ArrayList<>();
    launches.forEach(l -> problems.addAll(check.apply(l)));
    assertEquals(List.of(), problems);
  }

  @Test
  void everyYamlAndJsonFileUnderDeployParsesIntoObjects() {
    List<Path> yaml = DeployTree.files(".yaml", ".yml");
    List<Path> json = DeployTree.files(".json");
    Set<String> names = new java.util.TreeSet<>();
    for (Path p : yaml) {
      names.add(DeployTree.rel(p));
      List<JsonNode> docs = DeployTree.readYaml(p);
      assertFalse(docs.isEmpty(), DeployTree.rel(p) + " holds no YAML document");
      for (JsonNode doc : docs) {
        assertTrue(doc.isObject(), DeployTree.rel(p) + ": a document is not a mapping: " + doc);
      }
    }
    for (Path p : json) {
      names.add(DeployTree.rel(p));
      assertTrue(DeployTree.readJson(p).isObject(), DeployTree.rel(p) + " is not a JSON object");
    }
    assertTrue(
        names.containsAll(
            List.of(
                "deploy/kubernetes/spark-application.yaml",
                "deploy/kubernetes/reencode-cronjob.yaml",
                "deploy/kubernetes/rbac.yaml",
                "deploy/airflow/splade_reencode.json",
                "deploy/databricks/job.json")),
        "deploy files missing; found " + names);
  }

  /** A YAML/JSON file nobody checks would drift unnoticed: each must be of a known kind. */
  @Test
  void everyYamlAndJsonFileIsOfAKindTheseChecksRead() {
    List<String> problems = new ArrayList<>();
    for (Path p : DeployTree.files(".yaml", ".yml")) {
      List<JsonNode> docs = DeployTree.readYaml(p);
      for (int i = 0; i < docs.size(); i++) {
        JsonNode d = docs.get(i);
        if (d.path("apiVersion").asText().isEmpty()
            || d.path("kind").asText().isEmpty()
            || d.path("metadata").path("name").asText().isEmpty()) {
          problems.add(
              DeployTree.rel(p)
                  + " document "
                  + (i + 1)
                  + ": not a Kubernetes object (apiVersion, kind, metadata.name)");
        }
        if (d.path("kind").asText().equals("SparkApplication")
            && !d.path("apiVersion").asText().equals("sparkoperator.k8s.io/v1beta2")) {
          problems.add(
              DeployTree.rel(p) + ": SparkApplication must be sparkoperator.k8s.io/v1beta2");
        }
      }
    }
    for (Path p : DeployTree.files(".json")) {
      String rel = DeployTree.rel(p);
      if (!rel.startsWith("deploy/airflow/") && !rel.startsWith("deploy/databricks/")) {
        problems.add(rel + ": JSON outside deploy/airflow and deploy/databricks is not checked");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void launchesCoverEveryTargetAndEveryLaunchingFile() {
    Set<Target> targets = launches.stream().map(Launch::target).collect(Collectors.toSet());
    assertEquals(EnumSet.allOf(Target.class), targets);
    Set<String> files =
        launches.stream()
            .map(l -> l.where().split(" ")[0])
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    assertEquals(
        Set.of(
            "deploy/spark-submit/local.sh",
            "deploy/spark-submit/standalone.sh",
            "deploy/spark-submit/yarn.sh",
            "deploy/spark-submit/kubernetes.sh",
            "deploy/kubernetes/spark-application.yaml",
            "deploy/kubernetes/reencode-cronjob.yaml",
            "deploy/airflow/splade_reencode.json",
            "deploy/databricks/job.json"),
        files);
  }

  @Test
  void everyLaunchRunsTheCliMainClass() {
    String expected = SpladeCli.class.getName();
    assertEquals(
        expected, pom.manifestMainClass(), "jobs/pom.xml shade ManifestResourceTransformer");
    assertNoProblems(l -> DeployChecks.mainClass(l, expected));
  }

  @Test
  void theNoCallHomeVariablesAgreeWithTheCode() {
    Map<String, String> properties = new TreeMap<>();
    for (String[] kv : Offline.PROPERTIES) {
      properties.put(kv[0], kv[1]);
    }
    assertEquals("true", properties.get("DJL_OFFLINE"));
    assertEquals(DeployChecks.NO_CALL_HOME.get("DJL_OFFLINE"), properties.get("DJL_OFFLINE"));
    assertEquals(
        DeployChecks.NO_CALL_HOME.get("OPT_OUT_TRACKING"), properties.get("OPT_OUT_TRACKING"));
  }

  @Test
  void everyJvmGetsTheNoCallHomeEnvironment() {
    assertNoProblems(DeployChecks::environment);
  }

  @Test
  void theImageSetsTheNoCallHomeEnvironment() {
    Dockerfile image = dockerfile();
    List<String> problems = new ArrayList<>();
    DeployChecks.NO_CALL_HOME.forEach(
        (name, value) -> {
          if (!value.equals(image.env().get(name))) {
            problems.add(
                "deploy/docker/Dockerfile: ENV "
                    + name
                    + "="
                    + image.env().get(name)
                    + ", expected "
                    + value);
          }
        });
    assertEquals(List.of(), problems);
  }

  @Test
  void everyLaunchConfiguresDelta() {
    assertNoProblems(DeployChecks::delta);
  }

  @Test
  void gpuSchedulingIsConsistent() {
    assertNoProblems(DeployChecks::gpu);
    // The GPU examples really request GPUs: encode/reencode on every cluster target.
    Set<Target> gpuTargets =
        launches.stream()
            .filter(l -> l.conf().containsKey(DeployChecks.TASK_GPUS))
            .map(Launch::target)
            .collect(Collectors.toSet());
    assertEquals(EnumSet.complementOf(EnumSet.of(Target.LOCAL)), gpuTargets);
  }

  @Test
  void everyLaunchUsesTheShadedJar() {
    assertNoProblems(l -> DeployChecks.jar(l, pom));
  }

  /**
   * Every jar file name written anywhere under deploy/ (docs and Dockerfile included) is the shaded
   * jar's, with the version either the project's or a placeholder whose default is the project's.
   */
  @Test
  void everyJarNameWrittenInDeployIsTheShadedJars() {
    Pattern jarName = Pattern.compile(Pattern.quote(pom.artifactId()) + "-[^\\s\"'/`]*?\\.jar");
    // $SPLADE_VERSION / ${SPLADE_VERSION} in scripts and the Dockerfile, * in globs, <version> in
    // docs.
    String versionPlaceholder = "(\\$\\{?SPLADE_VERSION}?|\\*|<version>)";
    Pattern allowed =
        Pattern.compile(
            Pattern.quote(pom.artifactId())
                + "-("
                + Pattern.quote(pom.version())
                + "|"
                + versionPlaceholder
                + ")-"
                + Pattern.quote(pom.classifier())
                + "\\.jar");
    Pattern versionDefault = Pattern.compile("SPLADE_VERSION(?:=|:-)\"?([0-9][^\"}\\s]*)");
    List<String> problems = new ArrayList<>();
    int seen = 0;
    for (Path p : DeployTree.files()) {
      String text = DeployTree.read(p);
      Matcher m = jarName.matcher(text);
      while (m.find()) {
        seen++;
        if (!allowed.matcher(m.group()).matches()) {
          problems.add(DeployTree.rel(p) + ": " + m.group() + " is not " + pom.shadedJarName());
        }
      }
      Matcher v = versionDefault.matcher(text);
      while (v.find()) {
        if (!v.group(1).equals(pom.version())) {
          problems.add(
              DeployTree.rel(p)
                  + ": SPLADE_VERSION defaults to "
                  + v.group(1)
                  + ", the project is "
                  + pom.version());
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(seen > 0, "no jar name found under deploy/");
  }

  /**
   * Compared with the live command tree, so a deploy file naming a command the CLI lacks (or no
   * longer has) fails here. Problems are grouped by subcommand to keep the message short.
   */
  @Test
  void deployFilesNameOnlyRegisteredSubcommands() {
    CommandLine cli = SpladeCli.commandLine();
    Map<String, List<String>> missing = new TreeMap<>();
    for (Launch l : launches) {
      if (!DeployChecks.subcommand(l, cli).isEmpty()) {
        String name = l.args().isEmpty() ? "(none)" : l.args().get(0);
        missing.computeIfAbsent(name, k -> new ArrayList<>()).add(l.where());
      }
    }
    assertEquals(
        Map.of(),
        missing,
        "subcommands used by deploy/ but not registered in SpladeCli.commandLine() (registered: "
            + new java.util.TreeSet<>(cli.getSubcommands().keySet())
            + ")");
  }

  @Test
  void deployFilesPassOnlyOptionsTheirSubcommandHas() {
    CommandLine cli = SpladeCli.commandLine();
    assertNoProblems(l -> DeployChecks.options(l, cli));
  }

  @Test
  void reencodingIsScheduledOnKubernetesAirflowAndDatabricks() {
    Map<String, Boolean> reencodes = new TreeMap<>();
    for (Launch l : launches) {
      if (!l.args().isEmpty() && l.args().get(0).equals("reencode")) {
        reencodes.put(l.where().split(" ")[0], true);
      }
    }
    for (String f :
        List.of(
            "deploy/kubernetes/reencode-cronjob.yaml",
            "deploy/airflow/splade_reencode.json",
            "deploy/databricks/job.json")) {
      assertTrue(reencodes.containsKey(f), f + " runs no reencode");
    }
    JsonNode cron =
        DeployTree.readYaml(DeployTree.deploy().resolve("kubernetes/reencode-cronjob.yaml")).get(0);
    assertEquals("CronJob", cron.path("kind").asText());
    assertEquals(
        5,
        cron.path("spec").path("schedule").asText().trim().split("\\s+").length,
        "cron schedule");
    assertEquals("Forbid", cron.path("spec").path("concurrencyPolicy").asText());
    JsonNode airflow =
        DeployTree.readJson(DeployTree.deploy().resolve("airflow/splade_reencode.json"));
    assertEquals(
        5, airflow.path("schedule").asText().trim().split("\\s+").length, "Airflow schedule");
    assertTrue(Files.isRegularFile(DeployTree.deploy().resolve("airflow/splade_reencode_dag.py")));
    JsonNode schedule =
        DeployTree.readJson(DeployTree.deploy().resolve("databricks/job.json")).path("schedule");
    // Quartz: seconds minutes hours day-of-month month day-of-week [year].
    int fields = schedule.path("quartz_cron_expression").asText().trim().split("\\s+").length;
    assertTrue(fields == 6 || fields == 7, "Databricks quartz_cron_expression: " + schedule);
    assertFalse(
        schedule.path("timezone_id").asText().isEmpty(), "Databricks schedule needs timezone_id");
  }

  /**
   * Kubernetes launches read the jar and the discovery script from the image: it must hold them.
   */
  @Test
  void theImageHoldsWhatKubernetesLaunchesRead() {
    Dockerfile image = dockerfile();
    List<String> problems = new ArrayList<>();
    String cuda = image.from().get(image.from().size() - 1);
    if (!cuda.matches("nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-ubuntu[0-9.]+")) {
      problems.add(
          "deploy/docker/Dockerfile: final base "
              + cuda
              + " is not a CUDA 12 + cuDNN runtime image");
    }
    if (image.from().stream()
        .noneMatch(f -> f.matches("apache/spark:4\\.2\\.\\d+-scala2\\.13-java17-.*"))) {
      problems.add(
          "deploy/docker/Dockerfile: no Spark 4.2 / Scala 2.13 / Java 17 stage in " + image.from());
    }
    Set<String> inImage = Set.copyOf(image.copies().values());
    for (Map.Entry<String, String> copy : image.copies().entrySet()) {
      String src = copy.getKey();
      boolean built = src.startsWith("jobs/target/");
      if (!built && !Files.exists(DeployTree.root().resolve(src))) {
        problems.add(
            "deploy/docker/Dockerfile: COPY source " + src + " does not exist in the repository");
      }
      if (built && !src.equals("jobs/target/" + pom.shadedJarName())) {
        problems.add(
            "deploy/docker/Dockerfile: copies "
                + src
                + ", expected jobs/target/"
                + pom.shadedJarName());
      }
    }
    for (Launch l : launches) {
      if (l.target() != Target.KUBERNETES) {
        continue;
      }
      if (l.jar() == null || !l.jar().startsWith("local://")) {
        problems.add(l.where() + ": jar " + l.jar() + " is not local:// (the image holds it)");
      } else if (!inImage.contains(l.jar().substring("local://".length()))) {
        problems.add(l.where() + ": " + l.jar() + " is not copied into the image at that path");
      }
      String script = l.conf().get(DeployChecks.DISCOVERY_SCRIPT);
      if (script != null && !inImage.contains(script)) {
        problems.add(l.where() + ": discovery script " + script + " is not copied into the image");
      }
    }
    assertEquals(List.of(), problems);
  }

  private static Dockerfile dockerfile() {
    return Dockerfile.parse(DeployTree.read(DeployTree.deploy().resolve("docker/Dockerfile")));
  }
}
