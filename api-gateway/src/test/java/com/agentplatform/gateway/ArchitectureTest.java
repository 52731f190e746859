package com.agentplatform.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.agentplatform.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesDoNotTangle = slices()
            .matching("com.agentplatform.gateway.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theGatewayNeverCallsAnLlmOrRunsATool = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.langchain4j..", "com.agentplatform.worker..");

    @ArchTest
    static final ArchRule theWebPackageKnowsNoFeature = noClasses()
            .that().resideInAPackage("..gateway.web..")
            .should().dependOnClassesThat().resideInAnyPackage("..gateway.execution..", "..gateway.sse..",
                    "..gateway.tenant..", "..gateway.outbox..");
}
