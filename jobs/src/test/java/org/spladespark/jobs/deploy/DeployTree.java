package org.spladespark.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.spladespark.testing.Fixtures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The repository's {@code deploy/} folder and the build facts its files must agree with. */
final class DeployTree {
  static final ObjectMapper JSON = new ObjectMapper();
  static final YAMLMapper YAML = new YAMLMapper();

  private DeployTree() {}

  /** Repository root: the parent of the {@code fixtures/} folder the build points the tests at. */
  static Path root() {
    return Fixtures.root().toAbsolutePath().normalize().getParent();
  }

  static Path deploy() {
    Path deploy = root().resolve("deploy");
    if (!Files.isDirectory(deploy)) {
      throw new IllegalStateException("deploy folder not found at " + deploy);
    }
    return deploy;
  }

  /** Path relative to the repository root, with forward slashes, for messages. */
  static String rel(Path p) {
    return root().relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** Regular files under deploy/ whose names end with one of the suffixes, sorted. */
  /** The JSON files whose path (from the repository root) starts with {@code folder}. */
  static List<Path> jsonUnder(String folder) {
    return files(".json").stream().filter(p -> rel(p).startsWith(folder)).toList();
  }

  static List<Path> files(String... suffixes) {
    try (Stream<Path> s = Files.walk(deploy())) {
      return s.filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                for (String suffix : suffixes) {
                  if (name.endsWith(suffix)) {
                    return true;
                  }
                }
                return suffixes.length == 0;
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a (multi-document) YAML file. */
  static List<JsonNode> readYaml(Path p) {
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(p.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + rel(p) + ": " + e.getMessage(), e);
    }
  }

  static JsonNode readJson(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + rel(p) + ": " + e.getMessage(), e);
    }
  }

  /**
   * What the build says about the shaded jar.
   *
   * @param artifactId the jobs module's artifactId
   * @param version the project version
   * @param classifier the shade plugin's classifier
   * @param manifestMainClass the Main-Class the shade plugin writes
   */
  record Pom(String artifactId, String version, String classifier, String manifestMainClass) {
    /** The file name Maven gives the shaded jar. */
    String shadedJarName() {
      return artifactId + "-" + version + "-" + classifier + ".jar";
    }
  }

  static Pom pom() {
    Element parent = xml(root().resolve("pom.xml")).getDocumentElement();
    Element jobs = xml(root().resolve("jobs/pom.xml")).getDocumentElement();
    return new Pom(
        child(jobs, "artifactId"),
        child(parent, "version"),
        firstText(jobs, "shadedClassifierName"),
        firstText(jobs, "mainClass"));
  }

  private static Document xml(Path p) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(p.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot parse " + p + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text of a direct child element (project-level coordinates, not the parent's). */
  private static String child(Element e, String name) {
    NodeList kids = e.getChildNodes();
    for (int i = 0; i < kids.getLength(); i++) {
      Node n = kids.item(i);
      if (n instanceof Element c && c.getTagName().equals(name)) {
        return c.getTextContent().trim();
      }
    }
    throw new IllegalStateException("<" + name + "> not found under <" + e.getTagName() + ">");
  }

  private static String firstText(Element e, String name) {
    NodeList found = e.getElementsByTagName(name);
    if (found.getLength() == 0) {
      throw new IllegalStateException("<" + name + "> not found in jobs/pom.xml");
    }
    return found.item(0).getTextContent().trim();
  }
}
