package com.agentplatform.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.agentplatform.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesDoNotTangle = slices()
            .matching("com.agentplatform.worker.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theWorkerServesNoPublicApi = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.agentplatform.gateway..")
            .orShould().beAnnotatedWith(org.springframework.web.bind.annotation.RestController.class);

    @ArchTest
    static final ArchRule theRuntimeKnowsNothingOfKafkaOrTheDatabase = noClasses()
            .that().resideInAnyPackage("..worker.runtime..", "..worker.tool..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..",
                    "org.springframework.jdbc..", "..worker.execution..");
}
