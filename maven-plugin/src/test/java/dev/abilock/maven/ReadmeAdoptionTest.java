package dev.abilock.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's adoption pom (which the integration tests build) and the examples module say the
 * same: abilock's current version, the processor's options, the plugin bound by its {@code check}
 * goal and its goals documented.
 */
class ReadmeAdoptionTest {
  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> texts(Document doc, String tag) {
    List<String> out = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().strip());
    }
    return out;
  }

  /** Each mojo's goal (not the help goal's {@code goal} parameter, whose default names one). */
  private static List<String> mojoGoals(Document doc) {
    List<String> out = new ArrayList<>();
    NodeList mojos = doc.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      for (org.w3c.dom.Node n = mojos.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
        if ("goal".equals(n.getNodeName())) {
          out.add(n.getTextContent().strip());
        }
      }
    }
    return out;
  }

  /** The plugin elements whose artifactId is {@code artifactId}. */
  private static Element plugin(Document doc, String artifactId) {
    NodeList plugins = doc.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      if (p.getElementsByTagName("artifactId").item(0).getTextContent().equals(artifactId)) {
        return p;
      }
    }
    throw new AssertionError("no plugin " + artifactId);
  }

  private static List<String> goals(Element plugin) {
    List<String> out = new ArrayList<>();
    NodeList goals = plugin.getElementsByTagName("goal");
    for (int i = 0; i < goals.getLength(); i++) {
      out.add(goals.item(i).getTextContent().strip());
    }
    return out;
  }

  @Test
  void theReadmePomUsesThisVersionAndPinsEveryPlugin() throws Exception {
    Document readme = parse(MavenProjects.readmePom());
    String version = MavenProjects.version();
    NodeList artifacts = readme.getElementsByTagName("artifactId");
    int abilock = 0;
    for (int i = 0; i < artifacts.getLength(); i++) {
      Element a = (Element) artifacts.item(i);
      if (a.getTextContent().startsWith("abilock-")) {
        abilock++;
        Element parent = (Element) a.getParentNode();
        assertEquals(
            version,
            parent.getElementsByTagName("version").item(0).getTextContent(),
            a.getTextContent());
      }
    }
    assertEquals(4, abilock, "annotations, runtime, processor, plugin");
    NodeList plugins = readme.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      boolean pinned = false;
      for (org.w3c.dom.Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
        pinned |= n.getNodeName().equals("version") && !n.getTextContent().isBlank();
      }
      assertTrue(pinned, "every plugin pinned: " + p.getTextContent().strip());
    }
    assertEquals(
        "3.14.0",
        plugin(readme, "maven-compiler-plugin")
            .getElementsByTagName("version")
            .item(0)
            .getTextContent());
  }

  @Test
  void theExamplesModuleConsumesAbilockAsTheReadmeSays() throws Exception {
    Document readme = parse(MavenProjects.readmePom());
    Document examples =
        parse(
            Files.readString(MavenProjects.readme().resolveSibling("examples").resolve("pom.xml")));
    assertEquals(texts(readme, "arg"), texts(examples, "arg"), "the processor options");
    Element readmePath = (Element) readme.getElementsByTagName("path").item(0);
    Element examplesPath = (Element) examples.getElementsByTagName("path").item(0);
    assertEquals(
        readmePath.getElementsByTagName("artifactId").item(0).getTextContent(),
        examplesPath.getElementsByTagName("artifactId").item(0).getTextContent(),
        "the processor path");
    assertEquals(
        goals(plugin(readme, "abilock-maven-plugin")),
        goals(plugin(examples, "abilock-maven-plugin")),
        "the plugin's bound goals");
  }

  @Test
  void theReadmeDocumentsEveryGoalAndNoCleanProfile() throws Exception {
    String text = Files.readString(MavenProjects.readme());
    Path descriptor = Path.of("target", "classes", "META-INF", "maven", "plugin.xml");
    List<String> goals = mojoGoals(parse(Files.readString(descriptor)));
    assertEquals(List.of("check", "diff", "help", "update"), goals.stream().sorted().toList());
    for (String goal : goals) {
      assertTrue(
          text.contains("| `abilock:" + goal + "` |"),
          "the README's goal table lacks abilock:" + goal);
    }
    assertTrue(
        !text.contains("abilock-recompile") && !text.contains("maven-clean-plugin"),
        "the clean profile is gone");
  }
}
