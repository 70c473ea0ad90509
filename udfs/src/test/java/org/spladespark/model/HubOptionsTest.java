package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment variables of huggingface_hub, read without touching the process env. */
class HubOptionsTest {
  @TempDir Path tmp;

  @Test
  void defaults() {
    HubOptions o = HubOptions.fromEnvironment(Map.of("HOME", "/home/ann"));
    assertEquals("https://huggingface.co", o.endpoint());
    assertEquals(Path.of("/home/ann/.cache/huggingface/hub"), o.cache());
    assertNull(o.token());
    assertFalse(o.offline());
  }

  @Test
  void hfHomeAndXdgCacheHome() {
    assertEquals(
        Path.of("/data/hf/hub"),
        HubOptions.fromEnvironment(Map.of("HOME", "/home/ann", "HF_HOME", "/data/hf")).cache());
    assertEquals(
        Path.of("/home/ann/hf/hub"),
        HubOptions.fromEnvironment(Map.of("HOME", "/home/ann", "HF_HOME", "~/hf")).cache());
    assertEquals(
        Path.of("/xdg/huggingface/hub"),
        HubOptions.fromEnvironment(Map.of("HOME", "/home/ann", "XDG_CACHE_HOME", "/xdg")).cache());
  }

  @Test
  void hubCacheWinsOverHfHome() {
    Map<String, String> env =
        Map.of("HOME", "/h", "HF_HOME", "/data/hf", "HF_HUB_CACHE", "/fast/hub");
    assertEquals(Path.of("/fast/hub"), HubOptions.fromEnvironment(env).cache());
    assertEquals(
        Path.of("/old/hub"),
        HubOptions.fromEnvironment(Map.of("HOME", "/h", "HUGGINGFACE_HUB_CACHE", "/old/hub"))
            .cache());
  }

  @Test
  void endpointWithoutTrailingSlash() {
    assertEquals(
        "https://hf-mirror.example",
        HubOptions.fromEnvironment(
                Map.of("HOME", "/h", "HF_ENDPOINT", "https://hf-mirror.example/"))
            .endpoint());
  }

  @Test
  void tokenFromEnvironmentThenTokenPathThenHfHome() {
    Path home = tmp.resolve("hf");
    TestModels.write(home.resolve("token"), "hf_from_home\n");
    TestModels.write(tmp.resolve("elsewhere"), "  hf_from_path  ");
    String h = home.toString();
    assertEquals("hf_from_home", HubOptions.fromEnvironment(Map.of("HF_HOME", h)).token());
    assertEquals(
        "hf_from_path",
        HubOptions.fromEnvironment(
                Map.of("HF_HOME", h, "HF_TOKEN_PATH", tmp.resolve("elsewhere").toString()))
            .token());
    assertEquals(
        "hf_env", HubOptions.fromEnvironment(Map.of("HF_HOME", h, "HF_TOKEN", "hf_env")).token());
    assertNull(
        HubOptions.fromEnvironment(Map.of("HF_HOME", tmp.resolve("none").toString())).token());
  }

  @Test
  void offlineSpellings() {
    for (String yes : new String[] {"1", "true", "TRUE", "yes", "on"}) {
      assertTrue(
          HubOptions.fromEnvironment(Map.of("HOME", "/h", "HF_HUB_OFFLINE", yes)).offline(), yes);
    }
    for (String no : new String[] {"0", "false", "", "no"}) {
      assertFalse(
          HubOptions.fromEnvironment(Map.of("HOME", "/h", "HF_HUB_OFFLINE", no)).offline(), no);
    }
  }

  @Test
  void toStringHidesTheToken() {
    HubOptions o = HubOptions.fromEnvironment(Map.of("HOME", "/h", "HF_TOKEN", "hf_secret_value"));
    assertFalse(o.toString().contains("hf_secret_value"), o.toString());
    assertTrue(o.toString().contains("token=set"), o.toString());
  }
}
