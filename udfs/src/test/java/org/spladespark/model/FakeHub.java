package org.spladespark.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A loopback stand-in for the Hugging Face hub serving one model folder: the listing API, the
 * resolve endpoint with git-sha1 ETags for regular files, and for {@code .safetensors} (LFS) files
 * a 302 to a second "CDN" server on another port with {@code X-Linked-Etag} = sha256 and {@code
 * X-Linked-Size}, as huggingface.co answers. Records every request.
 */
final class FakeHub implements AutoCloseable {
  static final String REPO = "tiny-org/tiny-splade";
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  /** One recorded request. */
  record Request(String server, String method, String path, String authorization) {}

  private final Path served;
  private final HttpServer hub;
  private final HttpServer cdn;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> revisions = new TreeMap<>();
  volatile String requiredToken;
  volatile boolean corruptLfs;

  /** Milliseconds the CDN waits before answering (to make concurrent downloads overlap). */
  volatile long cdnDelayMillis;

  FakeHub(Path served) throws IOException {
    this.served = served;
    revisions.put("main", COMMIT);
    revisions.put("v1", COMMIT);
    revisions.put(COMMIT, COMMIT);
    hub = LoopbackHttp.start(this::hub);
    cdn = LoopbackHttp.start(this::cdn);
  }

  String endpoint() {
    return LoopbackHttp.url(hub);
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clearRequests() {
    requests.clear();
  }

  /** Paths of the files asked for on the resolve endpoint (HEAD or GET). */
  List<String> resolvedFiles() {
    String prefix = "/" + REPO + "/resolve/" + COMMIT + "/";
    return requests().stream()
        .filter(r -> r.server().equals("hub") && r.path().startsWith(prefix))
        .map(r -> r.path().substring(prefix.length()))
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    hub.stop(0);
    cdn.stop(0);
  }

  private void hub(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request("hub", ex.getRequestMethod(), path, auth));
    try (ex) {
      if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
        ex.getResponseHeaders()
            .set("X-Error-Message", "Invalid credentials in Authorization header");
        send(ex, 401, "{\"error\":\"Invalid credentials in Authorization header\"}");
        return;
      }
      String api = "/api/models/";
      if (path.startsWith(api)) {
        listing(ex, path.substring(api.length()));
      } else if (path.startsWith("/" + REPO + "/resolve/")) {
        resolve(ex, path.substring(("/" + REPO + "/resolve/").length()));
      } else {
        repoNotFound(ex);
      }
    }
  }

  private void listing(HttpExchange ex, String rest) throws IOException {
    int at = rest.indexOf("/revision/");
    if (at < 0 || !rest.substring(0, at).equals(REPO)) {
      repoNotFound(ex);
      return;
    }
    String revision = rest.substring(at + "/revision/".length());
    String commit = revisions.get(revision);
    if (commit == null) {
      ex.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
      ex.getResponseHeaders().set("X-Error-Message", "Invalid rev id: " + revision);
      send(ex, 404, "{\"error\":\"Invalid rev id: " + revision + "\"}");
      return;
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("id", REPO).put("sha", commit).put("private", requiredToken != null);
    ArrayNode siblings = body.putArray("siblings");
    for (String f : files()) {
      siblings.addObject().put("rfilename", f);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, 200, body.toString());
  }

  private void resolve(HttpExchange ex, String rest) throws IOException {
    int slash = rest.indexOf('/');
    String revision = rest.substring(0, slash);
    String file = rest.substring(slash + 1);
    Path p = served.resolve(file);
    if (!COMMIT.equals(revisions.get(revision)) || !Files.isRegularFile(p)) {
      ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
      send(ex, 404, "{\"error\":\"Entry not found\"}");
      return;
    }
    byte[] bytes = Files.readAllBytes(p);
    var h = ex.getResponseHeaders();
    h.set("X-Repo-Commit", COMMIT);
    if (file.endsWith(".safetensors")) {
      String sha256 = hex("SHA-256", bytes);
      h.set(
          "ETag", "\"" + hex("SHA-1", ("pointer " + file).getBytes(StandardCharsets.UTF_8)) + "\"");
      h.set("X-Linked-Etag", "\"" + sha256 + "\"");
      h.set("X-Linked-Size", Long.toString(bytes.length));
      h.set("Location", LoopbackHttp.url(cdn) + "/lfs/" + sha256 + "?sig=abc");
      ex.sendResponseHeaders(302, -1);
      return;
    }
    h.set("ETag", "W/\"" + gitBlobSha1(bytes) + "\"");
    if (ex.getRequestMethod().equals("HEAD")) {
      h.set("Content-Length", Long.toString(bytes.length));
      ex.sendResponseHeaders(200, -1);
    } else {
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void cdn(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(
        new Request(
            "cdn", ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization")));
    try (ex) {
      if (cdnDelayMillis > 0) {
        try {
          Thread.sleep(cdnDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String sha = path.substring(path.lastIndexOf('/') + 1);
      for (String f : files()) {
        byte[] bytes = Files.readAllBytes(served.resolve(f));
        if (hex("SHA-256", bytes).equals(sha)) {
          if (corruptLfs) {
            bytes[bytes.length - 1] ^= 1;
          }
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
          return;
        }
      }
      send(ex, 404, "no such blob");
    }
  }

  private void repoNotFound(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
    ex.getResponseHeaders().set("X-Error-Message", "Repository not found");
    send(ex, 404, "{\"error\":\"Repository not found\"}");
  }

  private List<String> files() {
    try (Stream<Path> s = Files.walk(served)) {
      return s.filter(Files::isRegularFile)
          .map(p -> served.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The git object id of a file: what the hub sends as ETag for non-LFS files. */
  static String gitBlobSha1(byte[] bytes) {
    byte[] header = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[header.length + bytes.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(bytes, 0, all, header.length, bytes.length);
    return hex("SHA-1", all);
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
