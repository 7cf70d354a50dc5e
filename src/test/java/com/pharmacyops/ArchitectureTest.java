package com.pharmacyops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies (README, Architecture): features may use {@code platform}, never the reverse,
 * and features do not import each other in a cycle.
 */
class ArchitectureTest {

    private static final String[] FEATURES = { "com.pharmacyops.auth..", "com.pharmacyops.user..", "com.pharmacyops.store..",
            "com.pharmacyops.product..", "com.pharmacyops.inventory..", "com.pharmacyops.order..",
            "com.pharmacyops.audit..", "com.pharmacyops.transfer.." };

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.pharmacyops");

    @Test
    void platformNeverDependsOnAFeature() {
        noClasses().that().resideInAPackage("com.pharmacyops.platform..").should().dependOnClassesThat()
                .resideInAnyPackage(FEATURES).check(MAIN);
    }

    @Test
    void featuresDoNotDependOnEachOtherInACycle() {
        slices().matching("com.pharmacyops.(*)..").should().beFreeOfCycles()
                .check(MAIN);
    }
}
