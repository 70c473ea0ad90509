package org.spladespark.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback forward proxy for plain-HTTP requests (absolute-form request targets), as HTTP_PROXY
 * points at: records each request's absolute URI, forwards it directly and relays the answer
 * (status, headers, body; redirects are relayed, not followed).
 */
final class ProxyStub implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "date");

  private final HttpServer server;
  private final HttpClient direct =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  ProxyStub() throws IOException {
    server = LoopbackHttp.start(this::forward);
  }

  /** The value for HTTP_PROXY. */
  String address() {
    return LoopbackHttp.url(server);
  }

  /** "METHOD absolute-uri" of every request the proxy was asked for, in order. */
  List<String> requests() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void forward(HttpExchange ex) throws IOException {
    URI target = ex.getRequestURI();
    seen.add(ex.getRequestMethod() + " " + target);
    try (ex) {
      if (target.getScheme() == null) {
        ex.sendResponseHeaders(400, -1); // not a proxy request
        return;
      }
      HttpRequest.Builder b =
          HttpRequest.newBuilder(target)
              .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        b.header("Authorization", auth);
      }
      HttpResponse<byte[]> r = direct.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      r.headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                  ex.getResponseHeaders().put(name, values);
                }
              });
      byte[] body = r.body();
      boolean noBody = ex.getRequestMethod().equals("HEAD") || body.length == 0;
      if (ex.getRequestMethod().equals("HEAD")) {
        r.headers()
            .firstValue("Content-Length")
            .ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
      }
      ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : body.length);
      if (!noBody) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
