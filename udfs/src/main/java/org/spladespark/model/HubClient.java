package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.spladespark.errors.SpladeException;

/**
 * The three hub requests {@link ModelSource} needs, over the JDK {@link HttpClient}, with the
 * semantics of {@code huggingface_hub}:
 *
 * <ul>
 *   <li>{@code GET {endpoint}/api/models/{repo}/revision/{rev}}: the commit ({@code sha}) and the
 *       file list ({@code siblings[].rfilename});
 *   <li>{@code HEAD {endpoint}/{repo}/resolve/{commit}/{path}}: the blob name ({@code
 *       X-Linked-Etag} for LFS files, else {@code ETag}, quotes and {@code W/} stripped), the size
 *       ({@code X-Linked-Size}, else {@code Content-Length}) and, for LFS files, the CDN address in
 *       the 302's {@code Location};
 *   <li>{@code GET} of that address into a file, checking the size and, for LFS files, the sha256.
 * </ul>
 *
 * Redirects are followed by hand so that the token is only ever sent to the endpoint's own origin,
 * never to a CDN. Transient failures (connection reset, timeout, HTTP 429/5xx) are retried twice.
 * Every failure is a {@link SpladeException} that names the repository and says what to do.
 */
final class HubClient {
  /** Files at least this large get progress lines on the progress stream. */
  static final long PROGRESS_MIN_BYTES = 1L << 20;

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int ATTEMPTS = 3;
  private static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "splade-spark (java.net.http)";

  /** What the listing API says about a revision. */
  record Listing(String commit, Set<String> files) {}

  /** What a HEAD on a file's resolve URL says. */
  record FileMeta(String etag, long size, URI location, boolean lfs) {}

  private final HubOptions options;
  private final String repo;
  private final String revision;
  private final HubCache cache;
  private final PrintStream progress;

  HubClient(
      HubOptions options, String repo, String revision, HubCache cache, PrintStream progress) {
    this.options = options;
    this.repo = repo;
    this.revision = revision;
    this.cache = cache;
    this.progress = progress;
  }

  Listing listing() {
    URI uri =
        URI.create(options.endpoint() + "/api/models/" + repo + "/revision/" + encode(revision));
    String subject = repo + "@" + revision;
    HttpResponse<InputStream> r = exchange("GET", uri, true, subject);
    if (r.statusCode() != 200) {
      throw httpError(r, subject, "listing the files of revision '" + revision + "'");
    }
    JsonNode body;
    try (InputStream in = r.body()) {
      body = Json.parse(uri.toString(), in.readAllBytes());
    } catch (IOException e) {
      throw unreachable(subject, e);
    }
    String commit = body.path("sha").asText("");
    if (!HubCache.COMMIT.matcher(commit).matches()) {
      throw SpladeException.of(
          uri.toString(),
          "the answer has no commit hash ('sha')",
          "check that HF_ENDPOINT (" + options.endpoint() + ") is a Hugging Face hub");
    }
    Set<String> files = new HashSet<>();
    body.path("siblings").forEach(s -> files.add(s.path("rfilename").asText()));
    return new Listing(commit, Set.copyOf(files));
  }

  FileMeta metadata(String commit, String path) {
    URI uri = resolveUri(commit, path);
    String subject = repo + "@" + commit + ": " + path;
    HttpResponse<InputStream> r = exchange("HEAD", uri, false, subject);
    close(r);
    int code = r.statusCode();
    boolean redirect = isRedirect(code) && r.headers().firstValue("Location").isPresent();
    if (code != 200 && !redirect) {
      throw httpError(r, subject, "reading the file's metadata");
    }
    HttpHeaders h = r.headers();
    String commitHeader = h.firstValue("X-Repo-Commit").orElse(commit);
    if (!commitHeader.equals(commit)) {
      throw SpladeException.of(
          subject,
          "the hub answered for commit " + commitHeader + " instead",
          "retry; if it persists, pin the revision as owner/name@<commit>");
    }
    String linked = h.firstValue("X-Linked-Etag").orElse(null);
    String etag = normalizeEtag(linked != null ? linked : h.firstValue("ETag").orElse(null));
    if (etag == null || etag.isEmpty() || etag.contains("/") || etag.contains("\\")) {
      throw SpladeException.of(
          uri.toString(),
          "the answer has no usable ETag",
          "check that HF_ENDPOINT ("
              + options.endpoint()
              + ") is a Hugging Face hub and no proxy rewrites its headers");
    }
    long size =
        h.firstValueAsLong("X-Linked-Size").orElse(h.firstValueAsLong("Content-Length").orElse(-1));
    URI location = redirect ? r.uri().resolve(h.firstValue("Location").get()) : r.uri();
    return new FileMeta(etag, size, location, linked != null);
  }

  /**
   * Downloads a file's bytes into {@code target}, retrying broken transfers; verifies the size and,
   * for LFS files, the sha256 that names the blob.
   */
  void download(FileMeta meta, String path, Path target) {
    String subject = repo + ": " + path;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> r = exchange("GET", meta.location(), true, subject);
      if (r.statusCode() != 200) {
        throw httpError(r, subject, "downloading the file");
      }
      try {
        copy(r, meta, path, target);
        return;
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw unreachable(subject, e);
        }
        pause(attempt);
      }
    }
  }

  private void copy(HttpResponse<InputStream> r, FileMeta meta, String path, Path target)
      throws IOException {
    MessageDigest sha = sha256();
    boolean verbose = meta.size() >= PROGRESS_MIN_BYTES;
    long started = System.nanoTime();
    if (verbose) {
      progress.printf(
          Locale.ROOT, "splade: downloading %s/%s (%s)%n", repo, path, mib(meta.size()));
    }
    long done = 0;
    int nextQuarter = 1;
    try (InputStream in = r.body();
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        sha.update(buf, 0, n);
        done += n;
        if (verbose && nextQuarter < 4 && done >= meta.size() * nextQuarter / 4) {
          progress.printf(
              Locale.ROOT, "splade:   %s/%s %d%% (%s)%n", repo, path, nextQuarter * 25, mib(done));
          nextQuarter++;
        }
      }
    }
    if (meta.size() >= 0 && done != meta.size()) {
      throw new IOException("got " + done + " bytes of " + meta.size() + " (connection cut)");
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (meta.lfs() && SHA256.matcher(meta.etag()).matches() && !actual.equals(meta.etag())) {
      throw SpladeException.of(
          repo + ": " + path,
          "downloaded bytes have sha256 " + actual + " but the hub names the file " + meta.etag(),
          "retry the download; if it persists, a proxy is altering the file");
    }
    if (verbose) {
      double s = (System.nanoTime() - started) / 1e9;
      progress.printf(
          Locale.ROOT, "splade: downloaded %s/%s (%s) in %.1f s%n", repo, path, mib(done), s);
    }
  }

  /**
   * Sends one request, following redirects by hand: always within the endpoint's origin (a renamed
   * repository), across origins only when {@code crossOrigin} (a CDN), and then without the token.
   * Retries connection resets, timeouts and HTTP 429/5xx.
   */
  private HttpResponse<InputStream> exchange(
      String method, URI uri, boolean crossOrigin, String subject) {
    URI current = uri;
    for (int hops = 0; ; hops++) {
      HttpResponse<InputStream> r = sendWithRetries(method, current, subject);
      String location = r.headers().firstValue("Location").orElse(null);
      if (!isRedirect(r.statusCode()) || location == null) {
        return r;
      }
      URI next = current.resolve(location);
      if (!crossOrigin && !sameOrigin(next, current)) {
        return r; // the caller reads the Location (the CDN address of an LFS file)
      }
      close(r);
      if (hops >= MAX_REDIRECTS) {
        throw SpladeException.of(
            subject, "too many redirects, last to " + next, "retry later; check HF_ENDPOINT");
      }
      current = next;
    }
  }

  private HttpResponse<InputStream> sendWithRetries(String method, URI uri, String subject) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("User-Agent", USER_AGENT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (options.token() != null && sameOrigin(uri, URI.create(options.endpoint()))) {
      b.header("Authorization", "Bearer " + options.token());
    }
    HttpRequest request = b.build();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<InputStream> r =
            options.proxy().client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        int code = r.statusCode();
        if ((code == 429 || code >= 500) && attempt < ATTEMPTS) {
          close(r);
          pause(attempt);
          continue;
        }
        return r;
      } catch (ConnectException e) {
        throw unreachable(subject, e); // refused or no route: retrying will not help
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw unreachable(subject, e);
        }
        pause(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SpladeException.of(subject, "download interrupted", "run it again", e);
      }
    }
  }

  private SpladeException unreachable(String subject, Exception e) {
    String fix =
        cache
            .cachedSnapshot(revision)
            .map(
                p ->
                    "check the network and proxy settings, or set HF_HUB_OFFLINE=1 to use the cached snapshot "
                        + p)
            .orElse(
                "check the network and proxy settings; HF_HUB_OFFLINE=1 uses the cache instead, but "
                    + cache.repoDir()
                    + " holds no snapshot of '"
                    + revision
                    + "' yet");
    String why = e.toString();
    if (e.getMessage() == null && e.getCause() != null) {
      why += ": " + e.getCause().getMessage(); // the JDK client hides "Connection refused" here
    }
    return SpladeException.of(
        subject, "cannot reach " + options.endpoint() + " (" + why + ")", fix, e);
  }

  private SpladeException httpError(HttpResponse<InputStream> r, String subject, String doing) {
    return HubErrors.http(r, subject, doing, options, revision);
  }

  private URI resolveUri(String commit, String path) {
    StringBuilder sb = new StringBuilder(options.endpoint()).append('/').append(repo);
    sb.append("/resolve/").append(commit);
    for (String segment : path.split("/")) {
      sb.append('/').append(encode(segment));
    }
    return URI.create(sb.toString());
  }

  /** As huggingface_hub's {@code _normalize_etag}: drop a weak marker and the quotes. */
  static String normalizeEtag(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  static void close(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException ignored) {
      // the body is unread; closing only frees the connection
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(1000L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SpladeException.of("hub download", "interrupted", "run it again", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
