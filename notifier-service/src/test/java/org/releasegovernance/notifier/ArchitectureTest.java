package org.releasegovernance.notifier;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.releasegovernance.notifier", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The notifier knows the event contract only, never governance-service's internals. */
    @ArchTest
    static final ArchRule dependsOnTheContractOnly = noClasses().should().dependOnClassesThat()
            .resideInAPackage("org.releasegovernance.governance..");
}
