package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.model.FakeHub.COMMIT;
import static org.spladespark.model.FakeHub.REPO;
import static org.spladespark.model.TestModels.DOCUMENT;
import static org.spladespark.model.TestModels.POOLING;
import static org.spladespark.model.TestModels.QUERY;
import static org.spladespark.model.TestModels.assertFails;
import static org.spladespark.model.TestModels.assertReferenceQueries;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.model.FakeHub.Request;
import org.spladespark.testing.Fixtures;

/** Hub resolution against a loopback hub: only needed files, HF cache layout, offline, errors. */
class ModelSourceTest {
  /** What the pipeline needs from the oracle repository, and nothing else. */
  static final List<String> NEEDED =
      List.of(
          "config_sentence_transformers.json",
          DOCUMENT + "/config.json",
          DOCUMENT + "/model.safetensors",
          DOCUMENT + "/sentence_bert_config.json",
          DOCUMENT + "/tokenizer.json",
          DOCUMENT + "/tokenizer_config.json",
          POOLING + "/config.json",
          "modules.json",
          QUERY + "/config.json",
          QUERY + "/model.safetensors",
          QUERY + "/tokenizer.json",
          QUERY + "/tokenizer_config.json",
          "router_config.json");

  @TempDir Path tmp;
  private Path served;
  private FakeHub hub;
  private HubOptions options;
  private Path repoDir;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    served = TestModels.copyTinyModel(tmp.resolve("served"));
    // Files a full snapshot_download would fetch but this pipeline must not.
    Random random = new Random(7);
    byte[] big = new byte[3 << 20];
    random.nextBytes(big);
    TestModels.write(served.resolve("onnx/model.onnx"), big);
    TestModels.write(served.resolve(DOCUMENT + "/onnx/model.onnx"), big);
    TestModels.write(served.resolve(DOCUMENT + "/pytorch_model.bin"), big);
    TestModels.write(served.resolve("README.md"), "# tiny\n");
    hub = new FakeHub(served);
    options = new HubOptions(hub.endpoint(), tmp.resolve("hf/hub"), null, false);
    repoDir = tmp.resolve("hf/hub/models--tiny-org--tiny-splade");
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private ModelBundle resolve(String spec, HubOptions o) {
    return ModelBundle.load(
        ModelSource.fetch(spec, o, new PrintStream(progress, true, StandardCharsets.UTF_8)));
  }

  @Test
  void downloadsOnlyTheNeededFilesAndEncodesLikeTheReference() throws IOException {
    ModelBundle b = resolve(REPO, options);

    assertEquals(NEEDED, hub.resolvedFiles());
    assertEquals(repoDir.resolve("snapshots").resolve(COMMIT), b.root());
    assertReferenceQueries(b);
    assertEquals(
        ModelBundle.load(Fixtures.tinyModel()).queryAndTokenizerFingerprint(),
        b.queryAndTokenizerFingerprint());
    // LFS files came from the CDN, by sha256, without the (absent) token.
    List<Request> cdn = hub.requests().stream().filter(r -> r.server().equals("cdn")).toList();
    assertEquals(2, cdn.size());
    assertTrue(hub.requests().stream().allMatch(r -> r.authorization() == null));
    String out = progress.toString(StandardCharsets.UTF_8);
    assertTrue(
        out.contains("downloading " + REPO + "/" + DOCUMENT + "/model.safetensors (4.0 MiB)"), out);
    assertTrue(out.contains("downloaded " + REPO + "/" + DOCUMENT + "/model.safetensors"), out);
    assertFalse(out.contains("tokenizer.json"), out);
  }

  @Test
  void cacheLayoutIsHuggingFaceHubs() throws IOException {
    resolve(REPO, options);

    assertEquals(COMMIT, Files.readString(repoDir.resolve("refs/main")));
    Path snapshot = repoDir.resolve("snapshots").resolve(COMMIT);
    byte[] router = Files.readAllBytes(served.resolve("router_config.json"));
    Path routerLink = snapshot.resolve("router_config.json");
    assertTrue(Files.isSymbolicLink(routerLink));
    assertEquals(
        Path.of("../../blobs/" + FakeHub.gitBlobSha1(router)), Files.readSymbolicLink(routerLink));
    byte[] weights = Files.readAllBytes(served.resolve(DOCUMENT + "/model.safetensors"));
    Path weightsLink = snapshot.resolve(DOCUMENT + "/model.safetensors");
    assertEquals(
        Path.of("../../../blobs/" + FakeHub.hex("SHA-256", weights)),
        Files.readSymbolicLink(weightsLink));
    assertTrue(
        Files.isSameFile(weightsLink, repoDir.resolve("blobs/" + FakeHub.hex("SHA-256", weights))));
    try (Stream<Path> blobs = Files.list(repoDir.resolve("blobs"))) {
      List<String> names = blobs.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().noneMatch(n -> n.endsWith(".incomplete")), names.toString());
      // Identical files (the query and document tokenizers) share one blob.
      assertEquals(NEEDED.size() - 2, names.size(), names.toString());
    }
    assertFalse(Files.exists(snapshot.resolve("onnx")));
    assertFalse(Files.exists(snapshot.resolve(DOCUMENT + "/pytorch_model.bin")));
  }

  @Test
  void aSecondRunOnlyAsksForTheCommit() {
    resolve(REPO, options);
    hub.clearRequests();
    resolve(REPO, options);
    assertEquals(
        List.of("GET /api/models/" + REPO + "/revision/main"),
        hub.requests().stream().map(r -> r.method() + " " + r.path()).toList());
  }

  @Test
  void offlineUsesTheCacheWithTheServerStopped() {
    resolve(REPO, options);
    hub.close();
    hub.clearRequests();
    ModelBundle b = resolve(REPO, options.withOffline(true));
    assertEquals(repoDir.resolve("snapshots").resolve(COMMIT), b.root());
    assertReferenceQueries(b);
    assertTrue(hub.requests().isEmpty());
  }

  @Test
  void networkFailureSuggestsOfflineMode() {
    resolve(REPO, options);
    hub.close();
    assertFails(
        () -> resolve(REPO, options),
        REPO + "@main: cannot reach " + hub.endpoint(),
        "set HF_HUB_OFFLINE=1 to use the cached snapshot "
            + repoDir.resolve("snapshots/" + COMMIT));
  }

  @Test
  void networkFailureWithoutCache() {
    hub.close();
    assertFails(
        () -> resolve(REPO, options),
        "cannot reach " + hub.endpoint(),
        "HF_HUB_OFFLINE=1 uses the cache instead, but " + repoDir + " holds no snapshot of 'main'");
  }

  @Test
  void offlineWithoutCacheNamesTheRepositoryAndTheCache() {
    assertFails(
        () -> resolve(REPO, options.withOffline(true)),
        REPO + "@main: HF_HUB_OFFLINE is set and the hub cache " + repoDir,
        "holds no snapshot of revision 'main'");
    assertTrue(hub.requests().isEmpty());
  }

  @Test
  void unknownRepository() {
    assertFails(
        () -> resolve("tiny-org/no-such-model", options),
        "tiny-org/no-such-model@main: repository not found on " + hub.endpoint(),
        "Repository not found",
        "check the model id",
        "HF_TOKEN");
  }

  @Test
  void unknownRevision() {
    assertFails(
        () -> resolve(REPO + "@nope", options),
        REPO + "@nope: revision 'nope' not found",
        "HTTP 404");
  }

  @Test
  void unauthorizedAsksForHfToken() {
    hub.requiredToken = "hf_secret";
    assertFails(
        () -> resolve(REPO, options),
        REPO + "@main: unauthorized (HTTP 401",
        "Invalid credentials",
        "set HF_TOKEN");
  }

  @Test
  void wrongTokenIsReportedAsRefused() {
    hub.requiredToken = "hf_secret";
    assertFails(
        () -> resolve(REPO, options.withToken("hf_wrong")),
        "unauthorized (HTTP 401",
        "the token in HF_TOKEN was sent: check it is valid");
  }

  @Test
  void bearerTokenGoesToTheHubButNotToTheCdn() {
    hub.requiredToken = "hf_secret";
    ModelBundle b = resolve(REPO, options.withToken("hf_secret"));
    assertReferenceQueries(b);
    List<Request> all = hub.requests();
    assertTrue(
        all.stream()
            .filter(r -> r.server().equals("hub"))
            .allMatch(r -> "Bearer hf_secret".equals(r.authorization())));
    List<Request> cdn = all.stream().filter(r -> r.server().equals("cdn")).toList();
    assertEquals(2, cdn.size());
    cdn.forEach(r -> assertNull(r.authorization(), r.path()));
  }

  @Test
  void pinnedCommitWritesNoRef() throws IOException {
    ModelBundle b = resolve(REPO + "@" + COMMIT, options);
    assertEquals(repoDir.resolve("snapshots").resolve(COMMIT), b.root());
    assertFalse(Files.exists(repoDir.resolve("refs")));
    resolve(REPO + "@v1", options);
    assertEquals(COMMIT, Files.readString(repoDir.resolve("refs/v1")));
    assertEquals(b.root(), resolve(REPO + "@v1", options.withOffline(true)).root());
  }

  @Test
  void reusesACacheFilledByPython() throws IOException {
    // The layout huggingface_hub writes: blobs by etag, relative links, refs/main; it also holds
    // files this pipeline does not need.
    Path snapshot = repoDir.resolve("snapshots").resolve(COMMIT);
    try (Stream<Path> files = Files.walk(served)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String rel = served.relativize(f).toString();
        byte[] bytes = Files.readAllBytes(f);
        String etag =
            rel.endsWith(".safetensors")
                ? FakeHub.hex("SHA-256", bytes)
                : FakeHub.gitBlobSha1(bytes);
        Path blob = repoDir.resolve("blobs").resolve(etag);
        if (!Files.exists(blob)) {
          TestModels.write(blob, bytes);
        }
        Path link = snapshot.resolve(rel);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, link.getParent().relativize(blob));
      }
    }
    TestModels.write(repoDir.resolve("refs/main"), COMMIT);

    assertReferenceQueries(resolve(REPO, options.withOffline(true)));
    resolve(REPO, options);
    assertEquals(1, hub.requests().size(), hub.requests().toString());
  }

  @Test
  void localFolderWinsWithoutNetwork() {
    ModelBundle b = resolve(Fixtures.tinyModel().toString(), options);
    assertEquals(Fixtures.tinyModel().toAbsolutePath().normalize(), b.root());
    assertTrue(hub.requests().isEmpty());
  }

  @Test
  void neitherFolderNorHubId() {
    assertFails(
        () -> resolve(tmp.resolve("missing/model/dir").toString(), options),
        "no such folder, and not a hub id",
        "owner/name@revision");
    assertFails(() -> resolve("owner/name@", options), "no such folder, and not a hub id");
    assertFails(
        () -> resolve("owner/name@../x", options),
        "revision '../x' is not a branch, tag or commit");
    assertFails(
        () -> resolve(served.resolve("modules.json").toString(), options),
        "is a file, not a model folder");
    assertTrue(hub.requests().isEmpty());
  }

  @Test
  void repositoryWithoutSafetensorsWeights() throws IOException {
    Files.delete(served.resolve(DOCUMENT + "/model.safetensors"));
    assertFails(
        () -> resolve(REPO, options),
        REPO + "@" + COMMIT + ": " + DOCUMENT + "/model.safetensors: not in the repository",
        "convert the weights to safetensors");
  }

  @Test
  void repositoryThatIsNotASpladeModel() throws IOException {
    Files.delete(served.resolve("router_config.json"));
    assertFails(
        () -> resolve(REPO, options),
        "has neither router_config.json",
        "nor idf.json + config.json");
  }

  @Test
  void corruptedLfsDownloadIsRejected() {
    hub.corruptLfs = true;
    assertFails(
        () -> resolve(REPO, options),
        QUERY + "/model.safetensors: downloaded bytes have sha256",
        "but the hub names the file");
    assertFalse(Files.exists(repoDir.resolve("refs/main")));
  }

  @Test
  void openSearchLayoutFetchesTheRootFiles() throws IOException {
    ModelBundle original = ModelBundle.load(Fixtures.tinyModel());
    Path os = tmp.resolve("os");
    hub.close();
    for (String f :
        List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
      TestModels.write(os.resolve(f), Files.readAllBytes(served.resolve(DOCUMENT).resolve(f)));
    }
    TestModels.write(os.resolve("idf.json"), TestModels.idfJson(original));
    TestModels.write(os.resolve("pytorch_model.bin"), new byte[1000]);
    try (FakeHub osHub = new FakeHub(os)) {
      HubOptions o = new HubOptions(osHub.endpoint(), tmp.resolve("hf/hub"), null, false);
      ModelBundle b = resolve(REPO, o);
      assertEquals(
          List.of(
              "config.json",
              "idf.json",
              "model.safetensors",
              "tokenizer.json",
              "tokenizer_config.json"),
          osHub.resolvedFiles());
      assertReferenceQueries(b);
    }
  }
}
