package org.spladespark.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.spladespark.errors.SpladeException;

/** Reads the small JSON config files of a model folder, naming the file in every error. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw SpladeException.of(
          file.toString(),
          "file not found",
          "check the model folder is complete (it should be saved by SparseEncoder.save)",
          e);
    } catch (IOException e) {
      throw SpladeException.of(
          file.toString(), "cannot be read: " + e, "check the file's permissions", e);
    }
    return parse(file, bytes);
  }

  /** Parses bytes that came from {@code file}; the error names the file and the position. */
  static JsonNode parse(Path file, byte[] bytes) {
    return parse(file.toString(), bytes);
  }

  /** Parses bytes that came from {@code source} (a file or a URL) into a JSON object. */
  static JsonNode parse(String source, byte[] bytes) {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw SpladeException.of(
          source,
          "is not valid JSON: " + e.getOriginalMessage() + where(e.getLocation()),
          "re-download the model file",
          e);
    } catch (IOException e) {
      throw SpladeException.of(source, "is not valid JSON: " + e, "re-download the model file", e);
    }
    if (node == null || !node.isObject()) {
      throw SpladeException.of(
          source, "is empty or not a JSON object", "re-download the model file");
    }
    return node;
  }

  static JsonNode readIfExists(Path file) {
    return Files.isRegularFile(file) ? read(file) : null;
  }

  private static String where(JsonLocation at) {
    return at == null || at.getLineNr() < 0
        ? ""
        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
