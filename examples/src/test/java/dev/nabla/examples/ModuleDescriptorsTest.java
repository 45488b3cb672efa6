package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The tests run on the module path, so the boot layer holds nabla's real module descriptors: each
 * module is an explicit named module that exports its API package to everyone and never an {@code
 * .internal} one, except core's one channel to nabla's own modules, a qualified export.
 */
class ModuleDescriptorsTest {
  private static final Set<String> LIBRARIES =
      Set.of(
          "dev.nabla.core",
          "dev.nabla.layers",
          "dev.nabla.losses",
          "dev.nabla.optim",
          "dev.nabla.datasets",
          "dev.nabla.train");

  private static Map<String, ModuleDescriptor> nablaModules() {
    Map<String, ModuleDescriptor> modules = new TreeMap<>();
    for (Module m : ModuleLayer.boot().modules()) {
      if (m.getName().startsWith("dev.nabla.")) {
        modules.put(m.getName(), m.getDescriptor());
      }
    }
    return modules;
  }

  @Test
  void everyNablaModuleIsAnExplicitNamedModuleOnTheModulePath() {
    Map<String, ModuleDescriptor> modules = nablaModules();

    assertThat(modules.keySet())
        .as("nabla modules in the boot layer (Surefire puts them on the module path)")
        .containsAll(LIBRARIES)
        .contains("dev.nabla.examples");
    modules.forEach(
        (name, d) -> {
          assertThat(d.isAutomatic()).as("%s is automatic (no module-info)", name).isFalse();
          assertThat(d.isOpen()).as("%s is an open module", name).isFalse();
        });
  }

  @Test
  void eachLibraryExportsExactlyItsApiPackageToEveryoneAndKeepsItsInternalPackagesUnexported() {
    Map<String, ModuleDescriptor> modules = nablaModules();

    for (String name : LIBRARIES) {
      ModuleDescriptor d = modules.get(name);
      assertThat(d).as(name).isNotNull();
      assertThat(d.exports())
          .as("unqualified exports of %s", name)
          .filteredOn(e -> !e.isQualified())
          .extracting(ModuleDescriptor.Exports::source)
          .containsExactly(name);
      assertThat(d.opens()).as("opens of %s", name).isEmpty();
      assertThat(d.packages())
          .as("%s has implementation packages", name)
          .anyMatch(p -> p.startsWith(name + ".internal"));
      for (ModuleDescriptor.Exports e : d.exports()) {
        if (e.isQualified()) {
          assertThat(e.source())
              .as("a package %s exports to some modules only", name)
              .startsWith(name + ".internal.");
          assertThat(e.targets())
              .as("the modules %s exports %s to", name, e.source())
              .isNotEmpty()
              .allMatch(LIBRARIES::contains)
              .doesNotContain(name);
        }
      }
    }
  }

  @Test
  void coreSharesItsInternalsWithNablasOwnModulesThroughOneQualifiedExport() {
    Map<String, ModuleDescriptor> modules = nablaModules();
    Map<String, Set<String>> qualified = new TreeMap<>();
    modules.forEach(
        (name, d) ->
            d.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .forEach(e -> qualified.put(e.source(), new TreeSet<>(e.targets()))));

    assertThat(qualified)
        .containsExactly(
            Map.entry(
                "dev.nabla.core.internal.shared", Set.of("dev.nabla.layers", "dev.nabla.optim")));
    // and at run time: layers reads it, the examples' module (like a user's) does not
    Module core = bootModule("dev.nabla.core");
    assertThat(core.isExported("dev.nabla.core.internal.shared", bootModule("dev.nabla.layers")))
        .isTrue();
    assertThat(core.isExported("dev.nabla.core.internal.shared", getClass().getModule()))
        .as("exported to %s", getClass().getModule())
        .isFalse();
  }

  private static Module bootModule(String name) {
    return ModuleLayer.boot().findModule(name).orElseThrow();
  }

  @Test
  void coreRequiresNothingButJavaBaseNotEvenTheIncubatingVectorModule() {
    ModuleDescriptor core = nablaModules().get("dev.nabla.core");

    // the Vector API kernels add their read edge at run time (see core's module-info.java)
    assertThat(core.requires())
        .extracting(ModuleDescriptor.Requires::name)
        .containsExactly("java.base");
  }

  @Test
  void theExamplesProgramExportsNothingAndOpensItsCommandsToPicocliOnly() {
    ModuleDescriptor d = nablaModules().get("dev.nabla.examples");

    assertThat(d.exports()).isEmpty();
    assertThat(d.opens())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.source()).isEqualTo("dev.nabla.examples");
              assertThat(new TreeSet<>(o.targets())).containsExactly("info.picocli");
            });
  }
}
