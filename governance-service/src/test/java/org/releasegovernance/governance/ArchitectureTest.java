package org.releasegovernance.governance;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.releasegovernance.governance", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The aggregate and its stage entities hold the rules and nothing else: no web, persistence or messaging types. */
    @ArchTest
    static final ArchRule aggregateKnowsNoInfrastructure = noClasses()
            .that().haveSimpleName("Release").or().haveSimpleName("Stage")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework.web..", "org.springframework.http..", "jakarta.persistence..",
                    "org.springframework.kafka..", "org.apache.kafka..", "org.springframework.jdbc..");
}
