package io.secretdesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules of ../shared/STYLE.md, kept by the build. */
@AnalyzeClasses(packages = "io.secretdesk", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsToolkitFree = noClasses().that().resideInAPackage("io.secretdesk.core..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.secretdesk.ui..", "io.secretdesk.cli..")
            .because("core is shared by the console and the CLI and must be testable without a toolkit");

    @ArchTest
    static final ArchRule awsSdkOnlyInAwsProvider = noClasses().that().resideOutsideOfPackage("io.secretdesk.core.secrets.aws..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon..")
            .because("the AWS SDK is heavy to load and is kept behind one provider");

    @ArchTest
    static final ArchRule vaultDriverOnlyInVaultProvider = noClasses().that().resideOutsideOfPackage("io.secretdesk.core.secrets.vault..")
            .should().dependOnClassesThat().resideInAPackage("io.github.jopenlibs.vault..")
            .because("the Vault driver is kept behind one provider");

    @ArchTest
    static final ArchRule sqlOnlyInStore = noClasses().that().resideOutsideOfPackage("io.secretdesk.core.store..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
            .because("all SQL lives in the store, behind typed methods");

    @ArchTest
    static final ArchRule viewModelsDoNotTouchNodes = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
            .allowEmptyShould(true)
            .because("view models hold state and commands and are tested without a toolkit");

    @ArchTest
    static final ArchRule uiStaysInUi = classes().that().resideInAPackage("io.secretdesk.cli..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.secretdesk.ui..")
            .because("the CLI runs headless and must not load the console");
}
