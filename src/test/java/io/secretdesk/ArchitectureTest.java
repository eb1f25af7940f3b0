package io.secretdesk;

import io.secretdesk.core.services.Services;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;

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
    static final ArchRule secretsCoreKnowsNoConcreteProvider = noClasses().that().resideInAPackage("io.secretdesk.core.secrets")
            .should().dependOnClassesThat().resideInAnyPackage("io.secretdesk.core.secrets.env..",
                    "io.secretdesk.core.secrets.file..", "io.secretdesk.core.secrets.aws..", "io.secretdesk.core.secrets.vault..",
                    "io.secretdesk.core.secrets.chain..")
            .because("providers depend on core.secrets (SecretProvider, Lookup, ...), so core.secrets knowing one back would"
                    + " make a package cycle; providers describe themselves through SecretProvider and chain building"
                    + " lives in core.secrets.chain");

    @ArchTest
    static final ArchRule corePackagesAreFreeOfCycles = slices().matching("io.secretdesk.core.(**)")
            .should().beFreeOfCycles()
            .because("core packages form layers (e.g. secrets.chain -> providers -> core.secrets); a cycle ties them into one");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.secretdesk.(**)")
            .should().beFreeOfCycles()
            .because("data flows one way (root -> ui/cli -> core, and within core from services down to the stores and"
                    + " providers); two packages that need each other can only be changed, tested and understood together");

    @ArchTest
    static final ArchRule uiKnowsNoProviderClass = noClasses().that().resideInAPackage("io.secretdesk.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("io.secretdesk.core.secrets.env..",
                    "io.secretdesk.core.secrets.file..", "io.secretdesk.core.secrets.aws..", "io.secretdesk.core.secrets.vault..")
            .because("the console asks every source through SecretProvider (ProviderId, settings(), Resolution):"
                    + " a view that knew a provider class would need changing with each new source, and would load the AWS"
                    + " SDK or the Vault driver with the page");

    @ArchTest
    static final ArchRule sqlOnlyInStore = noClasses().that().resideOutsideOfPackage("io.secretdesk.core.store..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
            .because("all SQL lives in the store, behind typed methods");

    /**
     * The console classes that build or hand over nodes, besides the controllers (and the cells nested in them):
     * the window, the FXML loader, the clipboard, the chart series, table cells, the Secrets view's source cards
     * and spinner, and the page contract.
     */
    static final Set<String> NODE_BUILDERS = Set.of(
            "io.secretdesk.ui.shell.MainWindow",
            "io.secretdesk.ui.shell.ShellPage",
            "io.secretdesk.ui.shell.PlaceholderPage",
            "io.secretdesk.ui.common.ViewLoader",
            "io.secretdesk.ui.common.FxClipboard",
            "io.secretdesk.ui.cachestats.HistorySeries",
            "io.secretdesk.ui.cachestats.LiveCell",
            "io.secretdesk.ui.pricing.EditCell",
            "io.secretdesk.ui.secrets.KeyCell",
            "io.secretdesk.ui.secrets.SourceCell",
            "io.secretdesk.ui.secrets.ShadowsCell",
            "io.secretdesk.ui.secrets.DriftCell",
            "io.secretdesk.ui.secrets.SecretsColumns",
            "io.secretdesk.ui.common.SecretField",
            "io.secretdesk.ui.secrets.ValueCell",
            "io.secretdesk.ui.secrets.ActionsCell",
            "io.secretdesk.ui.secrets.SourceCardView",
            "io.secretdesk.ui.secrets.LazySpinner");

    private static final DescribedPredicate<JavaClass> BUILDS_NODES = DescribedPredicate.describe(
            "build nodes (controllers and their nested cells, or one of " + new TreeSet<>(NODE_BUILDERS) + ")", javaClass -> {
                String topLevel = javaClass.getName().split("\\$", 2)[0];
                return topLevel.endsWith("Controller") || NODE_BUILDERS.contains(topLevel);
            });

    @ArchTest
    static final ArchRule onlyViewCodeTouchesNodes = noClasses().that().resideInAPackage("io.secretdesk.ui..")
            .and(DescribedPredicate.not(BUILDS_NODES))
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
            .because("view models, rows and formats hold state and commands and are tested without a toolkit;"
                    + " only controllers, cells and the few classes listed build nodes");

    /** A name left in {@link #NODE_BUILDERS} after its class went would quietly exempt whatever takes the name next. */
    @ArchTest
    static void everyListedNodeBuilderExists(JavaClasses classes) {
        for (String name : NODE_BUILDERS) {
            if (!classes.contain(name)) {
                throw new AssertionError(name + " is listed in NODE_BUILDERS but is not a class any more: remove it");
            }
        }
    }

    private static final DescribedPredicate<JavaClass> CONTROLLERS = DescribedPredicate.describe(
            "are controllers in ui (classes named *Controller and the classes nested in them)", javaClass -> {
                String topLevel = javaClass.getName().split("\\$", 2)[0];
                return javaClass.getPackageName().startsWith("io.secretdesk.ui") && topLevel.endsWith("Controller");
            });

    @ArchTest
    static final ArchRule controllersTalkToTheirViewModels = noClasses().that(CONTROLLERS)
            .should().dependOnClassesThat().resideInAPackage("io.secretdesk.core..")
            .because("a controller only binds nodes to its view model and forwards what the user does; what it needs"
                    + " from core reaches it through the view model, which is tested without a toolkit (the audit"
                    + " table shows AuditRow, not core's AuditEntry)");

    @ArchTest
    static final ArchRule cliIsToolkitFree = noClasses().that().resideInAPackage("io.secretdesk.cli..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the CLI runs headless, where neither a display nor the JavaFX natives may be present, and"
                    + " must start fast");

    @ArchTest
    static final ArchRule onlyTheCompositionRootKnowsTheServices = noClasses()
            .that().resideInAnyPackage("io.secretdesk.ui..", "io.secretdesk.core..", "io.secretdesk.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.secretdesk")
            .because("App and Services build the services and hand each view model only the suppliers it uses;"
                    + " a view model that reached back for them would tie the layers into a cycle");

    @ArchTest
    static final ArchRule uiStaysInUi = classes().that().resideInAPackage("io.secretdesk.cli..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.secretdesk.ui..")
            .because("the CLI runs headless and must not load the console");

    @ArchTest
    static final ArchRule fileWritesGoThroughTheEditingService = noClasses()
            .that().resideOutsideOfPackage("io.secretdesk.core.secrets")
            .should().callMethod(io.secretdesk.core.secrets.SecretsManager.class, "setSecret", String.class, String.class)
            .orShould().callMethod(io.secretdesk.core.secrets.SecretsManager.class, "deleteSecret", String.class)
            .orShould().callMethod(io.secretdesk.core.secrets.SecretsManager.class, "setReplicateToken", String.class)
            .because("a write to the secrets file keeps the value it replaces in the file's history, appends its audit"
                    + " entry and drops the cached answer: one rule, in core.secrets.edit.SecretEdits (core.services."
                    + "SecretWrites is its face for the views), whoever writes");
}
