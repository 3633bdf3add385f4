package org.releasegovernance.audit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.releasegovernance.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The audit service knows governance only through the event contract, never its internals. */
    @ArchTest
    static final ArchRule auditDependsOnTheContractNotOnGovernanceService = noClasses()
            .that().resideInAPackage("org.releasegovernance.audit..")
            .should().dependOnClassesThat().resideInAPackage("org.releasegovernance.governance..");

    /** Controllers ask the log's types; the SQL over its tables lives with the log, never in a controller. */
    @ArchTest
    static final ArchRule controllersRunNoSql = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().resideInAPackage("org.springframework.jdbc..");
}
