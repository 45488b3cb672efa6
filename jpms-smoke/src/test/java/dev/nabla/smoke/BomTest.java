package dev.nabla.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** nabla-bom pins every published nabla artifact, at the reactor's version, and nothing else. */
class BomTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void theBomListsEveryPublishedArtifactOfTheReactorAtTheProjectVersion() throws Exception {
    Document bom = parse(ROOT.resolve("bom/pom.xml"));
    Map<String, String> pinned = new TreeMap<>();
    for (Element dep :
        children(
            child(child(bom.getDocumentElement(), "dependencyManagement"), "dependencies"),
            "dependency")) {
      assertThat(text(dep, "groupId")).isEqualTo("dev.nabla");
      pinned.put(text(dep, "artifactId"), text(dep, "version"));
    }

    var published = new TreeSet<String>();
    Document parent = parse(ROOT.resolve("pom.xml"));
    for (Element module : children(child(parent.getDocumentElement(), "modules"), "module")) {
      Element project =
          parse(ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml"))
              .getDocumentElement();
      Element properties = child(project, "properties");
      boolean neverDeployed =
          properties != null && "true".equals(text(properties, "maven.deploy.skip"));
      String artifactId = text(project, "artifactId");
      if (!neverDeployed && !artifactId.equals("nabla-bom")) {
        published.add(artifactId);
      }
    }

    assertThat(published)
        .as("the reactor's published artifacts")
        .contains("nabla-core", "nabla-train");
    assertThat(pinned.keySet()).as("artifacts in bom/pom.xml").containsExactlyElementsOf(published);
    assertThat(pinned.values()).as("their versions").containsOnly("${project.version}");
  }

  @Test
  void theBomInheritsNothingAndDeclaresNoDependenciesOfItsOwn() throws Exception {
    Element bom = parse(ROOT.resolve("bom/pom.xml")).getDocumentElement();
    Document parent = parse(ROOT.resolve("pom.xml"));

    assertThat(child(bom, "parent")).as("<parent> of nabla-bom").isNull();
    assertThat(child(bom, "dependencies")).as("<dependencies> of nabla-bom").isNull();
    assertThat(text(bom, "packaging")).isEqualTo("pom");
    assertThat(text(bom, "version"))
        .as("nabla-bom's version")
        .isEqualTo(text(parent.getDocumentElement(), "version"));
  }

  private static Document parse(Path pom) throws Exception {
    assertThat(pom).exists();
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(pom)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }

  /** The first child element named {@code name}, or null. */
  private static Element child(Element parent, String name) {
    return children(parent, name).stream().findFirst().orElse(null);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }
}
