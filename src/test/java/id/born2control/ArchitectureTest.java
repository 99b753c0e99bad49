package id.born2control;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The allowed dependencies between feature packages: dependencies point down, {@code web} sits on
 * top and nothing below it knows it exists, and {@code problem} is the bottom. A new arrow is a
 * decision: change {@link #ALLOWED} (and the README's copy of it) in the same commit and say why.
 */
class ArchitectureTest {

  private static final String ROOT = "id.born2control";

  /** Feature package → the feature packages it may use (besides itself). Quoted in README. */
  static final Map<String, Set<String>> ALLOWED = table(
      "web",        Set.of("scoreboard", "scoring", "labs", "flags", "catalog", "identity", "audit",
                           "cluster", "problem"),
      "scoreboard", Set.of("scoring", "catalog", "identity", "cluster", "problem"),
      "scoring",    Set.of("labs", "flags", "catalog", "identity", "audit", "cluster", "problem"),
      // labs -> audit: staff entering someone else's lab is a staff action (issue 14, item 7).
      "labs",       Set.of("flags", "catalog", "identity", "audit", "cluster", "problem"),
      "flags",      Set.of("catalog", "problem"),
      "catalog",    Set.of("identity", "cluster", "problem"),
      "audit",      Set.of("identity", "cluster", "problem"),
      "identity",   Set.of("problem"),
      "cluster",    Set.of("problem"),
      "problem",    Set.of());

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @TestFactory
  List<DynamicTest> shouldUseOnlyTheFeaturePackagesTheTableAllows() {
    return ALLOWED.entrySet().stream()
        .map(row -> DynamicTest.dynamicTest(row.getKey(), () -> rowRule(row.getKey(), row.getValue())
            .check(CLASSES)))
        .toList();
  }

  @Test
  void shouldKeepEveryClassInAPackageOfTheTable() {
    // A new package needs its own row, or the table would silently allow it everything.
    String[] known = Stream.concat(
            Stream.of(ROOT),
            ALLOWED.keySet().stream().map(p -> ROOT + "." + p + ".."))
        .toArray(String[]::new);
    classes().should().resideInAnyPackage(known)
        .because("every package under " + ROOT + " needs a row in the dependency table")
        .check(CLASSES);
  }

  @Test
  void shouldHaveNoCyclesBetweenFeaturePackages() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void shouldNeverLetAnythingBelowTheWebLayerImportIt() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".web..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".web..")
        .check(CLASSES);
  }

  private static ArchRule rowRule(String feature, Set<String> allowed) {
    String[] forbidden = ALLOWED.keySet().stream()
        .filter(other -> !other.equals(feature) && !allowed.contains(other))
        .map(other -> ROOT + "." + other + "..")
        .toArray(String[]::new);
    return noClasses().that().resideInAPackage(ROOT + "." + feature + "..")
        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
        .because(feature + " may use only " + (allowed.isEmpty() ? "nothing" : allowed))
        .allowEmptyShould(true);
  }

  private static Map<String, Set<String>> table(Object... rows) {
    Map<String, Set<String>> table = new LinkedHashMap<>();
    for (int i = 0; i < rows.length; i += 2) {
      @SuppressWarnings("unchecked")
      Set<String> allowed = (Set<String>) rows[i + 1];
      table.put((String) rows[i], allowed);
    }
    return table;
  }
}
