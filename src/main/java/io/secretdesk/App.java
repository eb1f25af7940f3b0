package io.secretdesk;

import io.secretdesk.core.SimpleTunerFiles;
import io.secretdesk.core.services.Services;
import io.secretdesk.core.store.ConsoleDbImport;
import io.secretdesk.core.store.DatabaseVersions;
import io.secretdesk.ui.providers.LegacyImport;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.schedule.Scheduler;
import io.secretdesk.ui.cachestats.CacheStatsController;
import io.secretdesk.ui.cachestats.CacheStatsViewModel;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.FileWatch;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.StoreWatch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.fleet.FleetController;
import io.secretdesk.ui.fleet.FleetViewModel;
import io.secretdesk.ui.fleet.LocalRestarts;
import io.secretdesk.ui.health.HealthController;
import io.secretdesk.ui.health.HealthViewModel;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.pricing.PricingController;
import io.secretdesk.ui.pricing.PricingViewModel;
import io.secretdesk.ui.providers.ProvidersController;
import io.secretdesk.ui.providers.ProvidersViewModel;
import io.secretdesk.ui.rotation.RotationController;
import io.secretdesk.ui.rotation.RotationViewModel;
import io.secretdesk.ui.secrets.KeyDetailViewModel;
import io.secretdesk.ui.secrets.SecretsController;
import io.secretdesk.ui.secrets.SecretsViewModel;
import io.secretdesk.ui.settings.SettingsController;
import io.secretdesk.ui.settings.SettingsViewModel;
import io.secretdesk.ui.shell.MainController;
import io.secretdesk.ui.shell.MainViewModel;
import io.secretdesk.ui.shell.MainWindow;
import io.secretdesk.ui.shell.PageRegistry;
import io.secretdesk.ui.shell.SourceDot;
import io.secretdesk.ui.shell.SourceStatus;
import io.secretdesk.ui.shell.SourceStatusFeed;
import io.secretdesk.ui.usercredentials.UserCredentialsController;
import io.secretdesk.ui.usercredentials.UserCredentialsViewModel;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.stage.Stage;

/**
 * The console's composition root: builds the services once and hands them to the views.
 *
 * <p>Only what the first frame needs is built before it is shown: the theme, the shell and its first page.
 * Anything that loads the AWS SDK, the Vault driver or SQLite happens later, off the FX thread.
 * System properties: {@code secretdesk.exitAfterFirstFrame=true} prints {@code first-frame-ms=N} and exits
 * (for packaging/measure-startup.sh); {@code secretdesk.clipboard.clearSeconds} (default 20).
 */
public final class App extends Application {

    private static final Logger LOG = System.getLogger(App.class.getName());

    static final String SETTINGS_NODE = "io/secretdesk/console";

    /** The settings, read while JavaFX starts its toolkit: the first read parses an XML file (~80 ms). */
    private static volatile CompletableFuture<Preferences> settings;

    private ExecutorService background;
    private Preferences prefs;
    private ClipboardGuard clipboard;
    private Services services;
    private StoreWatch stores;

    static void launchConsole(String[] args) {
        settings = CompletableFuture.supplyAsync(App::readSettings, work -> {
            Thread thread = new Thread(work, "secretdesk-settings");
            thread.setDaemon(true);
            thread.start();
        });
        Application.launch(App.class, args);
    }

    @Override
    public void start(Stage stage) {
        background = Executors.newCachedThreadPool(daemonThreads());
        UiExecutor executor = UiExecutor.onFxThread(background);
        prefs = settings != null ? settings.join() : readSettings();
        clipboard = ClipboardGuard.onFxThread(Duration.ofSeconds(Math.max(1, Long.getLong("secretdesk.clipboard.clearSeconds", 20))));
        Reveals reveals = Reveals.onFxThread(Duration.ofSeconds(Math.max(1, Long.getLong("secretdesk.revealSeconds",
                Reveals.DEFAULT_REVEAL_FOR.toSeconds()))));
        services = Services.forThisProcess();
        MainViewModel model = new MainViewModel(prefs, executor, clipboard, sourceFeed(services), reveals);
        // Before any control exists, so JavaFX never parses its default theme.
        model.themeProperty().get().apply();

        TargetSwitch targets = new TargetSwitch(services::localTarget, services::servers, executor);
        model.useTargets(targets);
        // Built now (it touches no source until its page loads), so outside changes and the dots can reach it.
        FileWatch[] watch = new FileWatch[1];
        LocalRestarts restarts = new LocalRestarts(services::servers, executor, model::say);
        Runnable afterWrite = () -> {
            watch[0].rebaseline(); // the console's own write is not news
            model.refreshSources();
            // A SimpleTuner server on this machine reads the secrets file once, at start: it needs a restart now.
            restarts.secretsFileChanged();
        };
        SecretsViewModel secrets = SecretsViewModel.forConsole(services::secrets, services.secretWrites("secrets-view"), executor, clipboard,
                reveals, afterWrite);
        watch[0] = new FileWatch(services.home().secretsFileCandidates(), Platform::runLater, changed -> {
            secrets.changedOnDisk(changed);
            model.refreshSources();
        });
        services.useChainSettings(() -> {
            Map<String, String> stored = new HashMap<>(SettingsViewModel.storedPlain(prefs));
            stored.putAll(services.storedChainSecrets());
            return stored;
        });
        Scheduler.shared().repeat("secrets-file-watch", Duration.ofSeconds(2), watch[0]::poll);
        SimpleTunerFiles files = services.files();
        stores = new StoreWatch(() -> new DatabaseVersions(List.of(files.jobsDb(), files.auditDb())), Platform::runLater);
        model.sources().addListener((ListChangeListener<SourceDot>) change -> secrets.sourcesReported(SourceDot.available(model.sources())));
        PageRegistry pages = new PageRegistry();
        ViewLoader views = new ViewLoader(type -> {
            if (type == MainController.class) {
                return new MainController(model, pages, stage::close);
            }
            if (type == CacheStatsController.class) {
                return new CacheStatsController(new CacheStatsViewModel(Caches::named, System::nanoTime,
                        CacheStatsController::repeatOnFxThread, reveals.newNotice()));
            }
            if (type == SecretsController.class) {
                return new SecretsController(secrets, new KeyDetailViewModel(services::secretEdits, executor, reveals, clipboard,
                        secrets::refresh));
            }
            if (type == ProvidersController.class) {
                ProvidersViewModel providers = new ProvidersViewModel(services::providerConfigs, services::credentials,
                        services::audit, services::secrets, services.secretWrites("provider-config-view"), executor, afterWrite,
                        reveals.newNotice());
                providers.followTarget(targets);
                stores.subscribe(changed -> {
                    whenChanged(changed, files.jobsDb(), providers::changedOutside);
                    whenChanged(changed, files.auditDb(), providers::auditChangedOutside);
                });
                return new ProvidersController(providers, new LegacyImport(() -> new ConsoleDbImport(services.store()),
                        executor, providers::refresh), reveals, clipboard);
            }
            if (type == PricingController.class) {
                PricingViewModel pricing = new PricingViewModel(services::hardware, services::providerConfigs,
                        services::audit, executor, reveals.newNotice());
                pricing.followTarget(targets);
                stores.subscribe(changed -> whenChanged(changed, files.jobsDb(), pricing::changedOutside));
                return new PricingController(pricing);
            }
            if (type == RotationController.class) {
                return new RotationController(new RotationViewModel(executor, Platform::runLater, clipboard, reveals,
                        services::keyRotations));
            }
            if (type == HealthController.class) {
                return new HealthController(new HealthViewModel(targets, executor));
            }
            if (type == FleetController.class) {
                return new FleetController(new FleetViewModel(services::servers, background, executor, targets::reload));
            }
            if (type == UserCredentialsController.class) {
                UserCredentialsViewModel credentials = new UserCredentialsViewModel(services::userCredentials, executor,
                        Clock.systemUTC(), ZoneId.systemDefault(), reveals.newNotice());
                credentials.followTarget(targets);
                return new UserCredentialsController(credentials, reveals, clipboard);
            }
            if (type == SettingsController.class) {
                return new SettingsController(new SettingsViewModel(prefs, services.env(), model.lock(), executor,
                        services::credentials, () -> executor.run(() -> {
                            services.reloadChain();
                            return Boolean.TRUE;
                        }, rebuilt -> {
                            secrets.refresh();
                            model.refreshSources();
                        }, failure -> model.say("Could not rebuild the secrets chain: " + ErrorMessages.oneLine(failure))),
                        reveals.newNotice()), reveals, clipboard);
            }
            throw new IllegalArgumentException("No controller factory for " + type.getName());
        });
        pages.register("secrets", () -> views.load(SecretsController.class).controller());
        pages.register("cachestats", () -> views.load(CacheStatsController.class).controller());
        pages.register("providers", () -> views.load(ProvidersController.class).controller());
        pages.register("pricing", () -> views.load(PricingController.class).controller());
        pages.register("rotation", () -> views.load(RotationController.class).controller());
        pages.register("usercredentials", () -> views.load(UserCredentialsController.class).controller());
        pages.register("settings", () -> views.load(SettingsController.class).controller());
        pages.register("health", () -> views.load(HealthController.class).controller());
        pages.register("fleet", () -> views.load(FleetController.class).controller());
        MainWindow.show(stage, views.load(MainController.class).root(), model);
        afterFirstFrame(() -> {
            // The JVM's own start time (ms): ProcessHandle's start instant rests on the kernel's boot time in whole
            // seconds and reads hundreds of ms early.
            long elapsed = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            LOG.log(Level.DEBUG, "first frame shown {0} ms after JVM start", elapsed);
            if (Boolean.getBoolean("secretdesk.exitAfterFirstFrame")) {
                System.out.println("first-frame-ms=" + elapsed);
                stage.close(); // as Ctrl+Q does, so settings are saved as in a real session
                return;
            }
            model.refreshSources();
            targets.reload();
            // SimpleTuner's databases, watched once the window is up (the first poll loads SQLite).
            Scheduler.shared().repeat("simpletuner-db-watch", Duration.ofSeconds(2), stores::poll);
            RotationViewModel.recoverAtStartup(executor, services::recoverInterruptedRotation, model::say);
        });
    }

    /** The status bar's entry for SimpleTuner's state folder: where SecretDesk reads and writes SimpleTuner's files. */
    static SourceStatus stateFolderStatus(SimpleTunerFiles files) {
        boolean exists = java.nio.file.Files.isDirectory(files.state());
        StringBuilder text = new StringBuilder("SimpleTuner state: " + files.state() + " (" + files.reason() + ")");
        if (!exists) {
            text.append("; it does not exist yet: SimpleTuner's server creates it when it starts");
        }
        java.util.Optional<String> network = files.networkFileSystemWarning();
        network.ifPresent(warning -> text.append("; ").append(warning));
        files.notes().forEach(note -> text.append("; ").append(note));
        return new SourceStatus("state", exists && network.isEmpty() && files.notes().isEmpty(), text.toString());
    }

    /**
     * Runs {@code action} at the start of the second pulse after the window is shown: JavaFX waits for a
     * frame's rendering to finish before the next pulse, so by then the first frame has been drawn.
     */
    private static void afterFirstFrame(Runnable action) {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses == 2) {
                    stop();
                    action.run();
                }
            }
        }.start();
    }

    /** Tells {@code view} the file's name when {@code file} is among the changed databases. */
    private static void whenChanged(List<java.nio.file.Path> changed, java.nio.file.Path file,
                                    java.util.function.Consumer<String> view) {
        if (changed.contains(file)) {
            view.accept(file.getFileName().toString());
        }
    }

    /** The sources the status bar has checked, and whether each is available (those still being checked left out). */

    /** The status bar's feed: every provider's availability, asked at once through the chain (off the FX thread). */
    static SourceStatusFeed sourceFeed(Services services) {
        SourceStatusFeed chain = SourceStatusFeed.of(services::secrets);
        return () -> {
            List<SourceStatus> statuses = new ArrayList<>(chain.check());
            statuses.add(stateFolderStatus(services.files()));
            // The credential key, once this session has used it: a key that could not be saved is lost at exit.
            services.credentialKeyOrigin().ifPresent(origin -> statuses.add(new SourceStatus("key", origin.persistent(),
                    origin.persistent() ? "credential key: " + origin.describe()
                            : "credential key: " + origin.describe() + "; credentials stored now will not decrypt after a restart")));
            return statuses;
        };
    }

    @Override
    public void stop() {
        // The clipboard first: nothing that can fail later may leave a copied secret behind.
        try {
            if (clipboard != null) {
                clipboard.clearNow();
            }
        } finally {
            try {
                if (prefs != null) {
                    prefs.flush();
                }
            } catch (BackingStoreException e) {
                LOG.log(Level.WARNING, "could not save the console settings: {0}", e.getMessage());
            } finally {
                if (background != null) {
                    background.shutdownNow();
                }
                if (stores != null) {
                    stores.close();
                }
                if (services != null) {
                    services.close();
                }
            }
        }
    }

    private static Preferences readSettings() {
        Preferences node = Preferences.userRoot().node(SETTINGS_NODE);
        node.get("theme", null); // the first get loads the whole node
        return node;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, "secretdesk-ui-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
