package com.agentplatform.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.agentplatform.gateway.tenant.AdminCaller;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.annotation.Annotation;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;

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

    /**
     * Authentication fails closed: a handler gets its caller from what a filter vouched for, so every handler must
     * ask for one. A handler without a caller would serve whoever reached it.
     */
    @ArchTest
    static final ArchRule everyHandlerTakesItsCaller = methods()
            .that(areRequestHandlers())
            .should(takeACaller());

    private static DescribedPredicate<JavaMethod> areRequestHandlers() {
        List<Class<? extends Annotation>> mappings = List.of(GetMapping.class, PostMapping.class,
                PutMapping.class, PatchMapping.class, DeleteMapping.class, RequestMapping.class);
        return DescribedPredicate.describe("are request handlers",
                method -> mappings.stream().anyMatch(method::isAnnotatedWith));
    }

    private static ArchCondition<JavaMethod> takeACaller() {
        return new ArchCondition<>("take an AuthenticatedTenant or an AdminCaller") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean takesCaller = method.getRawParameterTypes().stream()
                        .anyMatch(type -> type.isEquivalentTo(AuthenticatedTenant.class) || type.isEquivalentTo(AdminCaller.class));
                events.add(new SimpleConditionEvent(method, takesCaller,
                        method.getFullName() + (takesCaller ? " takes" : " does not take") + " its caller"));
            }
        };
    }
}
