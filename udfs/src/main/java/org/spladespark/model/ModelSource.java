package org.spladespark.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spladespark.errors.SpladeException;

/**
 * Turns what a user types — a local folder or a hub id {@code owner/name[@revision]} — into a
 * {@link ModelBundle}.
 *
 * <p>An existing local folder always wins. Otherwise the id is resolved in the Hugging Face cache
 * (see {@link HubOptions} and {@link HubCache}, shared with Python's {@code huggingface_hub}):
 * online, the listing API gives the commit and the file list, and only the files this pipeline
 * reads are downloaded — {@code router_config.json} first, then per module folder:
 *
 * <ul>
 *   <li>root: {@code router_config.json}, {@code modules.json}, {@code
 *       config_sentence_transformers.json};
 *   <li>query module: {@code model.safetensors} or {@code idf.json}, {@code config.json}, {@code
 *       tokenizer.json}, {@code tokenizer_config.json};
 *   <li>document transformer: {@code config.json}, {@code model.safetensors}, {@code
 *       tokenizer.json} (required), {@code tokenizer_config.json}, {@code
 *       sentence_bert_config.json}, {@code special_tokens_map.json};
 *   <li>pooling: {@code config.json}.
 * </ul>
 *
 * A repository without {@code router_config.json} is read in the OpenSearch layout ({@code
 * config.json}, {@code model.safetensors}, {@code tokenizer.json}, {@code idf.json} at the root).
 * ONNX exports, {@code pytorch_model.bin} and the like are never fetched. Files already in the
 * snapshot are not fetched again, so a second run costs one listing request. With {@code
 * HF_HUB_OFFLINE=1} the network is never touched: the snapshot that {@code refs/<revision>} names
 * is used.
 *
 * <p>Thread-safe; concurrent resolutions of one model (also from other JVMs sharing the cache)
 * download each file once ({@link DownloadLock}). Requests go through the proxies of {@code
 * HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY} ({@link HubProxy}).
 */
public final class ModelSource {
  private static final Pattern HUB_ID =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)(?:@(.+))?");
  static final String DEFAULT_REVISION = "main";

  private static final List<String> ROOT_FILES =
      List.of("modules.json", "config_sentence_transformers.json");
  private static final List<String> QUERY_FILES =
      List.of("config.json", "tokenizer.json", "tokenizer_config.json");
  private static final List<String> DOCUMENT_REQUIRED =
      List.of("config.json", "model.safetensors", "tokenizer.json");
  private static final List<String> DOCUMENT_OPTIONAL =
      List.of("tokenizer_config.json", "sentence_bert_config.json", "special_tokens_map.json");
  private static final List<String> OPENSEARCH_REQUIRED =
      List.of("config.json", "model.safetensors", "tokenizer.json", "idf.json");

  private ModelSource() {}

  /** {@link #resolve(String, HubOptions)} with options from the process environment. */
  public static ModelBundle resolve(String modelIdOrPath) {
    return resolve(modelIdOrPath, HubOptions.fromEnvironment());
  }

  /**
   * Loads a local model folder, or fetches a hub model into the cache and loads its snapshot.
   *
   * @param modelIdOrPath a folder, or {@code owner/name} with an optional {@code @branch}, {@code
   *     @tag} or {@code @commit} (default {@code main})
   * @throws SpladeException if the folder or repository is missing, unreachable, not authorised or
   *     not a valid inference-free SPLADE model
   */
  public static ModelBundle resolve(String modelIdOrPath, HubOptions options) {
    return ModelBundle.load(fetch(modelIdOrPath, options));
  }

  /**
   * The local folder holding the model: the folder itself, or the hub snapshot folder after
   * downloading what is missing. Progress lines for large files go to standard error.
   */
  public static Path fetch(String modelIdOrPath, HubOptions options) {
    return fetch(modelIdOrPath, options, System.err);
  }

  static Path fetch(String modelIdOrPath, HubOptions options, PrintStream progress) {
    if (modelIdOrPath == null || modelIdOrPath.isBlank()) {
      throw SpladeException.of(
          "model", "is empty", "pass a model folder or a hub id like owner/name[@revision]");
    }
    String spec = modelIdOrPath.strip();
    Path local = localPath(spec);
    if (local != null && Files.isDirectory(local)) {
      return local;
    }
    if (local != null && Files.exists(local)) {
      throw SpladeException.of(
          spec, "is a file, not a model folder", "pass the folder that holds router_config.json");
    }
    Matcher m = HUB_ID.matcher(spec);
    String repoPart = m.matches() ? spec.substring(0, m.end(2)) : "";
    if (!m.matches() || repoPart.contains("--") || repoPart.contains("..")) {
      throw SpladeException.of(
          spec,
          "no such folder, and not a hub id",
          "pass an existing model folder or a hub id like owner/name or owner/name@revision");
    }
    String repo = m.group(1) + "/" + m.group(2);
    String revision = m.group(3) == null ? DEFAULT_REVISION : m.group(3);
    checkRevision(spec, revision);
    HubCache cache = new HubCache(options.cache(), repo);
    if (options.offline()) {
      return cache
          .cachedSnapshot(revision)
          .orElseThrow(
              () ->
                  SpladeException.of(
                      repo + "@" + revision,
                      "HF_HUB_OFFLINE is set and the hub cache "
                          + cache.repoDir()
                          + " holds no snapshot of revision '"
                          + revision
                          + "'",
                      "run once with network access (HF_HUB_OFFLINE unset) to fill the cache, "
                          + "point HF_HUB_CACHE or HF_HOME at a filled cache, or pass a local"
                          + " model folder"));
    }
    return new Download(
            new HubClient(options, repo, revision, cache, progress), cache, repo, progress)
        .run(revision);
  }

  private static Path localPath(String spec) {
    try {
      return Path.of(spec);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static void checkRevision(String spec, String revision) {
    boolean ok =
        !revision.isBlank()
            && !revision.startsWith("/")
            && !revision.endsWith("/")
            && revision.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\\')
            && List.of(revision.split("/")).stream()
                .noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
    if (!ok) {
      throw SpladeException.of(
          spec,
          "revision '" + revision + "' is not a branch, tag or commit name",
          "write owner/name@main, owner/name@v1.0 or owner/name@<40-hex commit>");
    }
  }

  /** One online resolution: listing, then the needed files, then the ref. */
  private static final class Download {
    private final HubClient client;
    private final HubCache cache;
    private final String repo;
    private final PrintStream progress;
    private HubClient.Listing listing;

    Download(HubClient client, HubCache cache, String repo, PrintStream progress) {
      this.client = client;
      this.cache = cache;
      this.repo = repo;
      this.progress = progress;
    }

    Path run(String revision) {
      listing = client.listing();
      Path snapshot = cache.snapshot(listing.commit());
      if (listing.files().contains(RouterLayout.FILE)) {
        require(RouterLayout.FILE);
        ROOT_FILES.forEach(this::optional);
        RouterLayout layout = RouterLayout.read(snapshot.resolve(RouterLayout.FILE));
        boolean weights = optional(layout.query() + "/model.safetensors");
        boolean idf = optional(layout.query() + "/idf.json");
        if (!weights && !idf) {
          throw missing(layout.query() + "/model.safetensors", "nor idf.json beside it");
        }
        QUERY_FILES.forEach(f -> optional(layout.query() + "/" + f));
        DOCUMENT_REQUIRED.forEach(f -> require(layout.document() + "/" + f));
        DOCUMENT_OPTIONAL.forEach(f -> optional(layout.document() + "/" + f));
        require(layout.pooling() + "/config.json");
      } else if (listing.files().contains("idf.json") && listing.files().contains("config.json")) {
        OPENSEARCH_REQUIRED.forEach(this::require);
        DOCUMENT_OPTIONAL.forEach(this::optional);
      } else {
        throw SpladeException.of(
            repo + "@" + listing.commit(),
            "has neither router_config.json (sentence-transformers SparseEncoder) nor idf.json +"
                + " config.json (OpenSearch layout)",
            "use an inference-free SPLADE model saved by sentence-transformers");
      }
      cache.writeRef(revision, listing.commit());
      return snapshot;
    }

    private void require(String path) {
      if (!optional(path)) {
        throw missing(path, "the pipeline cannot run without it");
      }
    }

    /** Fetches {@code path} unless cached; false if the repository does not have it. */
    private boolean optional(String path) {
      if (!listing.files().contains(path)) {
        return false;
      }
      String commit = listing.commit();
      if (Files.exists(cache.snapshot(commit).resolve(path))) {
        return true; // already in the snapshot (from an earlier run, or from Python)
      }
      HubClient.FileMeta meta = client.metadata(commit, path);
      if (!Files.isRegularFile(cache.blob(meta.etag()))) {
        // One download per blob across the processes sharing this cache: the lock holder checks
        // again, so a waiter finds the blob written by the process it waited for.
        try (DownloadLock lock =
            DownloadLock.acquire(cache.lockFile(meta.etag()), repo + "/" + path, progress)) {
          if (!Files.isRegularFile(cache.blob(meta.etag()))) {
            Path temp = cache.newTempBlob(meta.etag());
            try {
              client.download(meta, path, temp);
              cache.publishBlob(temp, meta.etag());
            } finally {
              deleteQuietly(temp);
            }
          }
        }
      }
      cache.link(commit, path, meta.etag());
      return true;
    }

    private SpladeException missing(String path, String why) {
      String hint =
          path.endsWith("model.safetensors")
              ? "; if the repository has only pytorch_model.bin, convert the weights to"
                  + " safetensors and save the model again"
              : "";
      return SpladeException.of(
          repo + "@" + listing.commit() + ": " + path,
          "not in the repository (" + why + ")",
          "use an inference-free SPLADE model saved by sentence-transformers" + hint);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // a leftover *.incomplete file is harmless and huggingface_hub ignores it too
    }
  }
}
