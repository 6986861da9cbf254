package dev.blueprint.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module layering, checked on the main classes of every module (the CLI's test class path holds them all):
 * api ← runtime ← components ← cli, with the transport and the ops server beside them. What a layer may use is
 * stated here once; docs/architecture.md draws the same picture.
 */
@AnalyzeClasses(packages = "dev.blueprint",
        importOptions = {ImportOption.DoNotIncludeTests.class, LayeredArchitectureTest.NoTestJars.class})
class LayeredArchitectureTest {

    /** The components' test-jar (broker test kit) is on this class path too; only main code is layered. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule layersUseOnlyTheLayersBelowThem = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("API").definedBy("dev.blueprint.api..")
            .layer("Runtime").definedBy("dev.blueprint.runtime..")
            .layer("Transport").definedBy("dev.blueprint.transport..")
            .layer("Ops").definedBy("dev.blueprint.ops..")
            .layer("Components").definedBy("dev.blueprint.components..")
            .layer("TestKit").definedBy("dev.blueprint.testing..")
            .layer("CLI").definedBy("dev.blueprint.cli..")
            .whereLayer("CLI").mayNotBeAccessedByAnyLayer()
            .whereLayer("Components").mayOnlyBeAccessedByLayers("CLI")
            .whereLayer("Ops").mayOnlyBeAccessedByLayers("CLI")
            .whereLayer("Runtime").mayOnlyBeAccessedByLayers("Ops", "CLI", "TestKit")
            .whereLayer("Transport").mayOnlyBeAccessedByLayers("Components", "Ops", "CLI")
            .whereLayer("TestKit").mayNotBeAccessedByAnyLayer();

    @ArchTest
    static final ArchRule theApiNeedsNoRuntimeLibrary = noClasses().that().resideInAPackage("dev.blueprint.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.yaml..", "io.netty..", "io.micrometer.prometheusmetrics..",
                    "io.prometheus..", "ch.qos.logback..", "org.slf4j..")
            .because("plugin authors depend on blueprint-api alone, the way a JDBC driver depends on java.sql");

    @ArchTest
    static final ArchRule nettyStaysInsideTheTransport = noClasses().that().resideOutsideOfPackage("dev.blueprint.transport..")
            .and().resideInAPackage("dev.blueprint..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("the WebSocket component, the HTTP Source and the ops server use the transport through its own API");

    @ArchTest
    static final ArchRule onlyTheCliChoosesALoggingBackend = noClasses().that().resideOutsideOfPackage("dev.blueprint.cli..")
            .and().resideInAPackage("dev.blueprint..")
            .should().dependOnClassesThat().resideInAPackage("ch.qos.logback..")
            .because("libraries log through slf4j-api; the CLI ships Logback");

    @ArchTest
    static final ArchRule modulesHaveNoCycles = slices().matching("dev.blueprint.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule runtimePackagesHaveNoCycles = slices().matching("dev.blueprint.runtime.(*)..").should().beFreeOfCycles();
}
