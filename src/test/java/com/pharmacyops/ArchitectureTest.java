package com.pharmacyops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;

import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies (README, Architecture): features may use {@code platform}, never the reverse,
 * and features do not import each other in a cycle.
 */
class ArchitectureTest {

    private static final String[] FEATURES = { "com.pharmacyops.user..", "com.pharmacyops.store..",
            "com.pharmacyops.product..", "com.pharmacyops.inventory..", "com.pharmacyops.order..",
            "com.pharmacyops.audit.." };

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.pharmacyops");

    @Test
    void platformNeverDependsOnAFeature() {
        noClasses().that().resideInAPackage("com.pharmacyops.platform..").should().dependOnClassesThat()
                .resideInAnyPackage(FEATURES).check(MAIN);
    }

    @Test
    void featuresDoNotDependOnEachOtherInACycle() {
        // TODO(#14): user and store still share the user-store membership both ways (a store's manager is added
        // to the store; a user's stores are checked against the stores); until it has one home, that one pair
        // is left out. Every other cycle fails this test.
        DescribedPredicate<JavaClass> userOrStore = DescribedPredicate.describe("user or store",
                c -> c.getPackageName().startsWith("com.pharmacyops.user")
                        || c.getPackageName().startsWith("com.pharmacyops.store"));
        slices().matching("com.pharmacyops.(*)..").should().beFreeOfCycles()
                .ignoreDependency(userOrStore, userOrStore).check(MAIN);
    }
}
