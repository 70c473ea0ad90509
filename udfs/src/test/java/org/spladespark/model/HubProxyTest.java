package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.model.FakeHub.REPO;
import static org.spladespark.model.TestModels.assertFails;
import static org.spladespark.model.TestModels.assertReferenceQueries;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY as huggingface_hub (requests) honours them. */
class HubProxyTest {
  @TempDir Path tmp;
  private FakeHub hub;
  private ProxyStub proxy;

  @BeforeEach
  void start() throws IOException {
    hub = new FakeHub(TestModels.copyTinyModel(tmp.resolve("served")));
    proxy = new ProxyStub();
  }

  @AfterEach
  void stop() {
    hub.close();
    proxy.close();
  }

  private ModelBundle resolve(Map<String, String> proxyEnv) {
    HubOptions o =
        new HubOptions(
            hub.endpoint(), tmp.resolve("hf/hub"), null, false, HubProxy.fromEnvironment(proxyEnv));
    PrintStream progress =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return ModelBundle.load(ModelSource.fetch(REPO, o, progress));
  }

  @Test
  void httpProxyCarriesEveryHubAndCdnRequest() {
    ModelBundle b = resolve(Map.of("HTTP_PROXY", proxy.address()));

    assertReferenceQueries(b);
    List<String> viaProxy = proxy.requests();
    assertEquals(hub.requests().size(), viaProxy.size(), viaProxy.toString());
    String hubOrigin = hub.endpoint() + "/";
    assertTrue(viaProxy.contains("GET " + hubOrigin + "api/models/" + REPO + "/revision/main"));
    assertTrue(
        viaProxy.stream()
            .anyMatch(r -> r.startsWith("GET http://127.0.0.1:") && r.contains("/lfs/")));
    assertTrue(
        viaProxy.stream().anyMatch(r -> r.startsWith("HEAD " + hubOrigin + REPO + "/resolve/")));
  }

  @Test
  void lowerCaseNameWinsAndNoProxyBypassesByHostOrHostAndPort() {
    // no_proxy names the hub's host and port: hub requests go direct, CDN (other port) via proxy
    int hubPort = URI.create(hub.endpoint()).getPort();
    ModelBundle b =
        resolve(
            Map.of(
                "http_proxy",
                proxy.address(),
                "HTTP_PROXY",
                "http://127.0.0.1:1",
                "no_proxy",
                "example.org, 127.0.0.1:" + hubPort));
    assertReferenceQueries(b);
    assertFalse(proxy.requests().isEmpty());
    assertTrue(
        proxy.requests().stream().allMatch(r -> r.contains("/lfs/")), proxy.requests().toString());
  }

  @Test
  void noProxyHostSendsEverythingDirect() {
    ModelBundle b =
        resolve(Map.of("HTTP_PROXY", proxy.address(), "NO_PROXY", "localhost,127.0.0.1"));
    assertReferenceQueries(b);
    assertTrue(proxy.requests().isEmpty(), proxy.requests().toString());
    assertFalse(hub.requests().isEmpty());
  }

  @Test
  void proxyIsChosenBySchemeAndNoProxyRules() {
    HubProxy p =
        HubProxy.fromEnvironment(
            Map.of(
                "HTTPS_PROXY", "proxy.corp:3128",
                "HTTP_PROXY", "http://plain.corp:8080",
                "NO_PROXY", ".internal.org,cdn.example.com:443,10.0.0.0/8"));
    assertEquals(
        URI.create("http://proxy.corp:3128"), p.proxyFor(URI.create("https://huggingface.co/x")));
    assertEquals(
        URI.create("http://plain.corp:8080"), p.proxyFor(URI.create("http://hub.local/x")));
    assertNull(p.proxyFor(URI.create("https://models.internal.org/x")));
    assertNull(p.proxyFor(URI.create("https://internal.org/x")));
    assertNotNullProxy(p, "https://notinternal.org/x");
    assertNull(p.proxyFor(URI.create("https://cdn.example.com/x")));
    assertNotNullProxy(p, "http://cdn.example.com/x"); // port 80, not 443
    assertNull(p.proxyFor(URI.create("http://10.1.2.3:9000/x")));
    assertNotNullProxy(p, "http://11.1.2.3/x");
    assertNull(
        HubProxy.fromEnvironment(Map.of("NO_PROXY", "*", "HTTPS_PROXY", "p:1"))
            .proxyFor(URI.create("https://huggingface.co")));
    assertNull(HubProxy.NONE.proxyFor(URI.create("https://huggingface.co")));
  }

  @Test
  void credentialsNeverShowAndBadProxiesFailOnUseOnly() {
    HubProxy p =
        HubProxy.fromEnvironment(Map.of("HTTPS_PROXY", "http://user:s3cret@proxy.corp:3128"));
    assertFalse(p.toString().contains("s3cret"), p.toString());
    HubOptions o = new HubOptions(null, tmp, null, false, p);
    assertFalse(o.toString().contains("s3cret"), o.toString());

    HubProxy socks = HubProxy.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://user:pw@proxy:1080"));
    assertFails(
        () -> socks.proxyFor(URI.create("https://huggingface.co")),
        "HTTPS_PROXY=***@proxy:1080",
        "not an http:// proxy",
        "set it to http://host:port");
  }

  private static void assertNotNullProxy(HubProxy p, String uri) {
    assertTrue(p.proxyFor(URI.create(uri)) != null, uri);
  }
}
