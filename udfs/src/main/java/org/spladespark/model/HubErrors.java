package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.spladespark.errors.SpladeException;

/**
 * Turns a hub's error answer (status, {@code X-Error-Code}, {@code X-Error-Message} or a JSON
 * {@code error} body) into a three-part {@link SpladeException}, as {@code huggingface_hub} names
 * them: repository, revision or file not found, gated, unauthorized. Stateless.
 */
final class HubErrors {
  private HubErrors() {}

  /** The error for a hub answer that is not the expected one, in the hub's own words. */
  static SpladeException http(
      HttpResponse<InputStream> r,
      String subject,
      String doing,
      HubOptions options,
      String revision) {
    String detail = errorDetail(r);
    int code = r.statusCode();
    String errorCode = r.headers().firstValue("X-Error-Code").orElse("");
    String tokenFix =
        options.token() == null
            ? "if it is private or gated, set HF_TOKEN (or write the token to $HF_HOME/token)"
            : "the token in HF_TOKEN was sent: check it is valid and can read this repository";
    String problem = "HTTP " + code + " while " + doing + detail;
    switch (errorCode) {
      case "RepoNotFound":
        return SpladeException.of(
            subject,
            "repository not found on " + options.endpoint() + " (" + problem + ")",
            "check the model id; " + tokenFix);
      case "RevisionNotFound":
        return SpladeException.of(
            subject,
            "revision '" + revision + "' not found (" + problem + ")",
            "use an existing branch, tag or commit hash after '@'");
      case "EntryNotFound":
        return SpladeException.of(
            subject,
            "file not found in the repository (" + problem + ")",
            "use a model saved by sentence-transformers with safetensors weights");
      case "GatedRepo":
        return SpladeException.of(
            subject,
            "the repository is gated (" + problem + ")",
            "accept its conditions on the model page, then set HF_TOKEN to a token of that account");
      default:
        break;
    }
    if (code == 401 || code == 403) {
      return SpladeException.of(
          subject,
          (code == 401 ? "unauthorized" : "access denied") + " (" + problem + ")",
          options.token() == null
              ? "set HF_TOKEN (or HF_TOKEN_PATH, or $HF_HOME/token) to a token that can read it"
              : tokenFix);
    }
    if (code == 404) {
      return SpladeException.of(
          subject,
          "repository or revision not found on " + options.endpoint() + " (" + problem + ")",
          "check the model id and revision; " + tokenFix);
    }
    return SpladeException.of(
        subject, problem, "retry later; set HF_HUB_OFFLINE=1 to use a cached snapshot meanwhile");
  }

  /** The hub's own words: {@code X-Error-Message}, else a short JSON {@code error} body. */
  private static String errorDetail(HttpResponse<InputStream> r) {
    String message = r.headers().firstValue("X-Error-Message").orElse(null);
    if (message == null) {
      try (InputStream in = r.body()) {
        byte[] head = in.readNBytes(2048);
        JsonNode node = Json.MAPPER.readTree(head);
        if (node != null && node.path("error").isTextual()) {
          message = node.get("error").asText();
        }
      } catch (IOException | RuntimeException notJson) {
        message = null; // an HTML error page or a cut body: the status says enough
      }
    } else {
      HubClient.close(r);
    }
    return message == null || message.isBlank() ? "" : ": " + message;
  }
}
