package org.spladespark.model;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.spladespark.errors.SpladeException;

/**
 * The proxy settings that Python's {@code huggingface_hub} honours through {@code requests}: {@code
 * HTTPS_PROXY} for {@code https://} addresses, {@code HTTP_PROXY} for {@code http://} ones (the
 * lower-case names win over the upper-case ones, as in {@code urllib}), and {@code NO_PROXY}: a
 * comma-separated list of hosts that go direct, each matching the host itself and its subdomains
 * ({@code example.com} and {@code .example.com} both match {@code cdn.example.com}), optionally
 * with {@code :port}, an IPv4 CIDR block such as {@code 10.0.0.0/8}, or {@code *} for all. A proxy
 * without a scheme is {@code http://}; {@code user:password@} in it answers the proxy's
 * authentication challenge (the JDK refuses Basic for HTTPS tunnels unless {@code
 * jdk.http.auth.tunneling.disabledSchemes} is emptied).
 *
 * <p>Immutable and thread-safe; {@link #client()} shares one {@link HttpClient} per setting.
 *
 * <p>The variables are read as given and checked on the first request, so that a proxy setting
 * meant for other tools never stops a run that reads only local folders.
 *
 * @param http {@code HTTP_PROXY} as given, or null
 * @param https {@code HTTPS_PROXY} as given, or null
 * @param noProxy hosts that bypass the proxies (lower case, trimmed, no empties)
 */
record HubProxy(String http, String https, List<String> noProxy) {
  static final HubProxy NONE = new HubProxy(null, null, List.of());

  private static final Map<HubProxy, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  HubProxy {
    noProxy = List.copyOf(noProxy);
  }

  /** The proxy settings of an environment (variable name to value). */
  static HubProxy fromEnvironment(Map<String, String> env) {
    String noProxy = variable(env, "no_proxy");
    return new HubProxy(
        variable(env, "http_proxy"),
        variable(env, "https_proxy"),
        noProxy == null
            ? List.of()
            : List.of(noProxy.split(",")).stream()
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList());
  }

  /** The proxy {@code uri} is fetched through, or null for a direct connection. */
  URI proxyFor(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String proxy = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
    return proxy == null || bypass(uri)
        ? null
        : proxyUri(proxy, scheme.equals("https") ? "HTTPS_PROXY" : "HTTP_PROXY");
  }

  /** Whether {@code NO_PROXY} sends {@code uri} direct. */
  boolean bypass(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port =
        uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return true;
      }
      String name = entry;
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(':') == colon && !entry.endsWith("]")) {
        name = entry.substring(0, colon);
        if (!entry.substring(colon + 1).equals(Integer.toString(port))) {
          continue;
        }
      }
      if (name.startsWith(".")) {
        name = name.substring(1);
      }
      if (host.equals(name) || host.endsWith("." + name) || inCidr(host, name)) {
        return true;
      }
    }
    return false;
  }

  /** One shared client per proxy setting; redirects are followed by {@link HubClient} itself. */
  HttpClient client() {
    return CLIENTS.computeIfAbsent(this, HubProxy::newClient);
  }

  private HttpClient newClient() {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (http != null || https != null) {
      b.proxy(new Selector(this)).authenticator(new ProxyCredentials(parsed()));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "HubProxy[http="
        + shown(http)
        + ", https="
        + shown(https)
        + ", noProxy="
        + String.join(",", noProxy)
        + "]";
  }

  /** The proxy addresses, checked (throws on an unusable one); nulls dropped. */
  private List<URI> parsed() {
    List<URI> out = new ArrayList<>();
    if (http != null) {
      out.add(proxyUri(http, "HTTP_PROXY"));
    }
    if (https != null) {
      out.add(proxyUri(https, "HTTPS_PROXY"));
    }
    return out;
  }

  private static String shown(String proxy) {
    return proxy == null ? "none" : shownRaw(proxy);
  }

  private static String variable(Map<String, String> env, String lowerName) {
    String v = env.get(lowerName);
    if (v == null || v.isBlank()) {
      v = env.get(lowerName.toUpperCase(Locale.ROOT));
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static URI proxyUri(String v, String name) {
    String withScheme = v.contains("://") ? v : "http://" + v;
    URI uri;
    try {
      uri = URI.create(withScheme);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
      throw SpladeException.of(
          name + "=" + shownRaw(v),
          "is not an http:// proxy address the JDK client can use",
          "set it to http://host:port (or unset it)");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : 80;
    return URI.create(
        "http://"
            + (uri.getRawUserInfo() != null ? uri.getRawUserInfo() + "@" : "")
            + uri.getHost()
            + ":"
            + port);
  }

  private static String shownRaw(String v) {
    int at = v.lastIndexOf('@');
    return at < 0 ? v : "***" + v.substring(at);
  }

  private static boolean inCidr(String host, String entry) {
    int slash = entry.indexOf('/');
    if (slash < 0) {
      return false;
    }
    long addr = ipv4(host);
    long net = ipv4(entry.substring(0, slash));
    int bits;
    try {
      bits = Integer.parseInt(entry.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (addr < 0 || net < 0 || bits < 0 || bits > 32) {
      return false;
    }
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (addr & mask) == (net & mask);
  }

  /** A dotted IPv4 literal as an unsigned int, or -1. */
  private static long ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        return -1;
      }
      v = (v << 8) | octet;
    }
    return v;
  }

  /** Chooses the proxy per request. */
  private static final class Selector extends ProxySelector {
    private final HubProxy settings;

    Selector(HubProxy settings) {
      this.settings = settings;
    }

    @Override
    public List<Proxy> select(URI uri) {
      URI p = settings.proxyFor(uri);
      return p == null
          ? List.of(Proxy.NO_PROXY)
          : List.of(
              new Proxy(
                  Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), p.getPort())));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
      // HubClient reports the failure with the proxy settings in its fix
    }
  }

  /** Answers proxy challenges (only) with the user info of the proxy address. */
  private static final class ProxyCredentials extends Authenticator {
    private final List<URI> proxies;

    ProxyCredentials(List<URI> proxies) {
      this.proxies = proxies;
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
      if (getRequestorType() != RequestorType.PROXY) {
        return null;
      }
      for (URI p : proxies) {
        if (p.getRawUserInfo() != null
            && p.getHost().equalsIgnoreCase(getRequestingHost())
            && p.getPort() == getRequestingPort()) {
          String[] up = p.getRawUserInfo().split(":", 2);
          String user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
          String pass = up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8) : "";
          return new PasswordAuthentication(user, pass.toCharArray());
        }
      }
      return null;
    }
  }
}
