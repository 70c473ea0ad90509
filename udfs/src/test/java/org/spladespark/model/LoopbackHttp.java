package org.spladespark.model;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The test HTTP servers (fake hub, proxy): started on a free loopback port, never elsewhere. */
final class LoopbackHttp {
  private LoopbackHttp() {}

  /** A started server answering every path with {@code handler}. */
  static HttpServer start(HttpHandler handler) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", handler);
    s.start();
    return s;
  }

  /** The server's base URL, {@code http://127.0.0.1:<port>}. */
  static String url(HttpServer s) {
    return "http://127.0.0.1:" + s.getAddress().getPort();
  }
}
