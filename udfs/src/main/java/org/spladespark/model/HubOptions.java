package org.spladespark.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.spladespark.errors.SpladeException;

/**
 * Where and how hub models are fetched, read from the same environment variables as Python's {@code
 * huggingface_hub}, so that both share one cache:
 *
 * <ul>
 *   <li>{@code HF_ENDPOINT} (default {@code https://huggingface.co});
 *   <li>{@code HF_HUB_CACHE} (legacy {@code HUGGINGFACE_HUB_CACHE}), default {@code $HF_HOME/hub};
 *       {@code HF_HOME} defaults to {@code $XDG_CACHE_HOME/huggingface}, i.e. {@code
 *       ~/.cache/huggingface};
 *   <li>{@code HF_TOKEN}, else the file {@code HF_TOKEN_PATH} (default {@code $HF_HOME/token}),
 *       sent as {@code Authorization: Bearer};
 *   <li>{@code HF_HUB_OFFLINE} = 1/true/yes/on: never touch the network, use the cache;
 *   <li>{@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY} (and lower case): see {@link
 *       HubProxy}.
 * </ul>
 *
 * Tests build their own instead of changing the process environment. {@link #toString()} never
 * shows the token.
 *
 * @param endpoint hub base URL without a trailing slash
 * @param cache the hub cache folder (holding {@code models--owner--name} folders)
 * @param token access token, or null for anonymous access
 * @param offline true to use only the cache
 * @param proxy the proxy settings ({@link HubProxy#NONE} for direct connections)
 */
public record HubOptions(
    String endpoint, Path cache, String token, boolean offline, HubProxy proxy) {
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");

  public HubOptions {
    if (endpoint == null || endpoint.isBlank()) {
      endpoint = DEFAULT_ENDPOINT;
    }
    while (endpoint.endsWith("/")) {
      endpoint = endpoint.substring(0, endpoint.length() - 1);
    }
    if (cache == null) {
      throw new IllegalArgumentException("cache folder is required");
    }
    token = token == null || token.isBlank() ? null : token.strip();
    proxy = proxy == null ? HubProxy.NONE : proxy;
  }

  /** Options with direct connections. */
  public HubOptions(String endpoint, Path cache, String token, boolean offline) {
    this(endpoint, cache, token, offline, HubProxy.NONE);
  }

  /** Options from {@link System#getenv()}. */
  public static HubOptions fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Options from the given environment (variable name to value), for tests and launchers. */
  public static HubOptions fromEnvironment(Map<String, String> env) {
    String userHome = firstSet(env.get("HOME"), System.getProperty("user.home"));
    Path xdgCache = expandUser(firstSet(env.get("XDG_CACHE_HOME"), "~/.cache"), userHome);
    Path hfHome =
        expandUser(
            firstSet(env.get("HF_HOME"), xdgCache.resolve("huggingface").toString()), userHome);
    Path cache =
        expandUser(
            firstSet(
                env.get("HF_HUB_CACHE"),
                env.get("HUGGINGFACE_HUB_CACHE"),
                hfHome.resolve("hub").toString()),
            userHome);
    String token = env.get("HF_TOKEN");
    if (token == null || token.isBlank()) {
      Path tokenFile =
          expandUser(
              firstSet(env.get("HF_TOKEN_PATH"), hfHome.resolve("token").toString()), userHome);
      token = readToken(tokenFile);
    }
    String offline = env.getOrDefault("HF_HUB_OFFLINE", "");
    return new HubOptions(
        env.get("HF_ENDPOINT"),
        cache,
        token,
        TRUE.contains(offline.strip().toLowerCase(Locale.ROOT)),
        HubProxy.fromEnvironment(env));
  }

  public HubOptions withOffline(boolean offline) {
    return new HubOptions(endpoint, cache, token, offline, proxy);
  }

  public HubOptions withToken(String token) {
    return new HubOptions(endpoint, cache, token, offline, proxy);
  }

  @Override
  public String toString() {
    return "HubOptions[endpoint="
        + endpoint
        + ", cache="
        + cache
        + ", token="
        + (token == null ? "none" : "set")
        + ", offline="
        + offline
        + ", proxy="
        + proxy
        + "]";
  }

  private static String readToken(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw SpladeException.of(
          file.toString(),
          "the Hugging Face token file cannot be read: " + e,
          "fix its permissions, or set HF_TOKEN instead",
          e);
    }
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static Path expandUser(String path, String userHome) {
    if (path.equals("~")) {
      return Path.of(userHome);
    }
    if (path.startsWith("~/")) {
      return Path.of(userHome, path.substring(2));
    }
    return Path.of(path);
  }
}
