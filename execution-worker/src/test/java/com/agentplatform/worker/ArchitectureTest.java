package com.agentplatform.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.agentplatform.common.execution.ExecutionTransitions;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Duration;
import java.util.List;

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

    /** One owner of work: only the dispatcher claims, and only the dispatcher hands attempts back. */
    @ArchTest
    static final ArchRule onlyTheDispatcherClaimsOrHandsBack = noClasses()
            .that().doNotHaveSimpleName("Dispatcher")
            .should().callMethod(ExecutionTransitions.class, "claim", String.class, Duration.class, List.class)
            .orShould().callMethod(ExecutionTransitions.class, "handBack", ExecutionTransitions.Attempt.class, String.class);

    /** Work reaches the runner only through the dispatcher: the listener never starts a run itself. */
    @ArchTest
    static final ArchRule theListenerOnlyWakesTheDispatcher = noClasses()
            .that().haveSimpleName("RequestListener")
            .should().dependOnClassesThat().haveSimpleName("AttemptRunner")
            .orShould().dependOnClassesThat().areAssignableTo(ExecutionTransitions.class);
}
