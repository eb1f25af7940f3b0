package io.secretdesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainViewModelTest {

    private final Preferences prefs = Preferences.userRoot().node("io/secretdesk/test/" + UUID.randomUUID());
    private final QueuedExecutor background = new QueuedExecutor();
    private final UiExecutor executor = new UiExecutor(background, Runnable::run);
    private final MemoryClipboard clip = new MemoryClipboard();
    private long now;
    private final List<Runnable> ticks = new ArrayList<>();
    private final ClipboardGuard clipboard = new ClipboardGuard(clip, Duration.ofSeconds(20), () -> now, (period, tick) -> {
        ticks.add(tick);
        return () -> ticks.remove(tick);
    });
    private List<SourceStatus> reported = List.of();
    private final AtomicInteger checks = new AtomicInteger();
    private final SourceStatusFeed feed = () -> {
        checks.incrementAndGet();
        return reported;
    };

    @AfterEach
    void removePrefs() throws BackingStoreException {
        if (prefs.nodeExists("")) {
            prefs.removeNode();
        }
    }

    @Test
    void closingTheWindowAfterItsSettingsNodeWasRemovedDoesNotFail() throws BackingStoreException {
        MainViewModel model = model();
        prefs.removeNode();
        model.rememberWindow(new WindowBounds(10, 20, 900, 700, false));
        assertThat(prefs.nodeExists("")).isFalse();
    }

    private MainViewModel model() {
        return new MainViewModel(prefs, executor, clipboard, feed);
    }

    private static SourceDot dot(MainViewModel model, String name) {
        return model.sources().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void titleIsSecretDeskAndTheFirstRunShowsSecrets() {
        MainViewModel model = model();

        assertThat(model.title()).isEqualTo("SecretDesk");
        assertThat(model.currentPageProperty().get().name()).isEqualTo("secrets");
        assertThat(MainViewModel.PAGES).extracting(NavItem::title)
                .containsExactly("Secrets", "Provider Config", "Hardware Pricing", "Cache Stats", "Key Rotation",
                        "User Credentials", "Settings", "Health", "Fleet");
    }

    @Test
    void navigatesByNameAndByNumber() {
        MainViewModel model = model();

        model.show("pricing");
        assertThat(model.currentPageProperty().get().title()).isEqualTo("Hardware Pricing");
        model.showNumber(5);
        assertThat(model.currentPageProperty().get().name()).isEqualTo("rotation");
        model.showNumber(6);
        assertThat(model.currentPageProperty().get().name()).isEqualTo("usercredentials");
        model.showNumber(1);
        assertThat(model.currentPageProperty().get().name()).isEqualTo("secrets");
    }

    @Test
    void aNumberWithoutAPageChangesNothing() {
        MainViewModel model = model();
        model.show("cachestats");

        model.showNumber(0);
        model.showNumber(MainViewModel.PAGES.size() + 1);

        assertThat(model.currentPageProperty().get().name()).isEqualTo("cachestats");
    }

    @Test
    void anUnknownPageNameIsRefusedWithTheKnownNames() {
        MainViewModel model = model();
        assertThatThrownBy(() -> model.show("preferences"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("preferences").hasMessageContaining("providers");
    }

    @Test
    void remembersThemeAndPageForTheNextRun() {
        MainViewModel first = model();
        first.themeProperty().set(ThemeChoice.CUPERTINO_DARK);
        first.show("providers");

        MainViewModel next = model();

        assertThat(next.themeProperty().get()).isEqualTo(ThemeChoice.CUPERTINO_DARK);
        assertThat(next.currentPageProperty().get().name()).isEqualTo("providers");
    }

    @Test
    void aThemeIsAlwaysChosen() {
        MainViewModel model = model();
        model.themeProperty().set(ThemeChoice.PRIMER_DARK);

        model.themeProperty().set(null);

        assertThat(model.themeProperty().get()).isEqualTo(ThemeChoice.PRIMER_DARK);
    }

    @Test
    void unreadableSettingsFallBackToDefaults() {
        prefs.put(MainViewModel.KEY_THEME, "SOLARIZED");
        prefs.put(MainViewModel.KEY_PAGE, "nowhere");
        prefs.put(MainViewModel.KEY_WIDTH, "wide");

        MainViewModel model = model();

        assertThat(model.themeProperty().get()).isEqualTo(ThemeChoice.PRIMER_LIGHT);
        assertThat(model.currentPageProperty().get().name()).isEqualTo("secrets");
        assertThat(model.savedWindow()).isEqualTo(WindowBounds.DEFAULT);
    }

    @Test
    void remembersWindowBounds() {
        model().rememberWindow(new WindowBounds(40, 60, 1280, 800, true));

        WindowBounds saved = model().savedWindow();

        assertThat(saved).isEqualTo(new WindowBounds(40, 60, 1280, 800, true));
        assertThat(saved.placed()).isTrue();
    }

    @Test
    void aTinyRememberedWindowIsGrownToTheMinimum() {
        model().rememberWindow(new WindowBounds(0, 0, 10, 10, false));

        WindowBounds saved = model().savedWindow();

        assertThat(saved.width()).isEqualTo(WindowBounds.MIN_WIDTH);
        assertThat(saved.height()).isEqualTo(WindowBounds.MIN_HEIGHT);
    }

    @Test
    void quittingWithNothingUnsavedIsNeverHeld() {
        MainViewModel model = model();

        assertThat(model.mayQuit(List.of())).isTrue();
        assertThat(model.quitQuestionProperty().get()).isEmpty();
    }

    @Test
    void quittingWithUnsavedEditsAsksNamingThePagesAndKeepEditingShowsTheFirst() {
        MainViewModel model = model();
        NavItem providers = MainViewModel.PAGES.get(1);
        NavItem pricing = MainViewModel.PAGES.get(2);
        NavItem cacheStats = MainViewModel.PAGES.get(3);

        assertThat(model.mayQuit(List.of(providers))).isFalse();
        assertThat(model.quitQuestionProperty().get()).isEqualTo("Discard unsaved changes in Provider Config and quit?");
        assertThat(model.mayQuit(List.of(providers, pricing))).isFalse();
        assertThat(model.quitQuestionProperty().get())
                .isEqualTo("Discard unsaved changes in Provider Config and Hardware Pricing and quit?");
        assertThat(model.mayQuit(List.of(providers, pricing, cacheStats))).isFalse();
        assertThat(model.quitQuestionProperty().get())
                .isEqualTo("Discard unsaved changes in Provider Config, Hardware Pricing and Cache Stats and quit?");

        model.keepEditing();

        assertThat(model.quitQuestionProperty().get()).isEmpty();
        assertThat(model.currentPageProperty().get()).isEqualTo(providers);

        model.mayQuit(List.of(pricing));
        model.confirmQuit();
        assertThat(model.quitQuestionProperty().get()).isEmpty();
        assertThat(model.currentPageProperty().get()).as("quitting moves nowhere").isEqualTo(providers);
    }

    @Test
    void showsOneUnknownDotPerSourceBeforeTheFirstCheck() {
        MainViewModel model = model();

        assertThat(model.sources()).extracting(SourceDot::name).containsExactly("env", "file", "aws", "vault");
        assertThat(model.sources()).extracting(SourceDot::state).containsOnly(SourceDot.State.UNKNOWN);
    }

    @Test
    void checksSourcesInTheBackgroundAndShowsStateAndReason() {
        reported = List.of(
                new SourceStatus("env", true, "2 keys"),
                new SourceStatus("file", true, "3 keys"),
                new SourceStatus("aws", false, "connect timed out after 3 s (https://127.0.0.1:1)"),
                new SourceStatus("vault", false, "permission denied (403) reading secret/data/simpletuner"));
        MainViewModel model = model();

        model.refreshSources();

        assertThat(model.sources()).extracting(SourceDot::state).containsOnly(SourceDot.State.CHECKING);
        assertThat(model.busy().get()).isTrue();
        assertThat(checks).as("nothing is checked on the calling thread").hasValue(0);

        background.drain();

        assertThat(model.busy().get()).isFalse();
        assertThat(dot(model, "env").state()).isEqualTo(SourceDot.State.AVAILABLE);
        assertThat(dot(model, "env").tooltip()).isEqualTo("env: available — 2 keys");
        assertThat(dot(model, "aws").state()).isEqualTo(SourceDot.State.UNAVAILABLE);
        assertThat(dot(model, "aws").tooltip()).isEqualTo("aws: unavailable — connect timed out after 3 s (https://127.0.0.1:1)");
        assertThat(dot(model, "vault").state()).isEqualTo(SourceDot.State.UNAVAILABLE);
    }

    @Test
    void aSourceNobodySetUpIsGreyNotRed() {
        reported = List.of(
                new SourceStatus("env", true, "0 keys"),
                new SourceStatus("file", false, "no secrets file yet", false),
                new SourceStatus("aws", false, "AWS Secrets Manager not configured: no secret name", false),
                new SourceStatus("vault", false, "permission denied (HTTP 403)", true));
        MainViewModel model = model();

        model.refreshSources();
        background.drain();

        assertThat(dot(model, "file").state()).isEqualTo(SourceDot.State.UNKNOWN);
        assertThat(dot(model, "aws").state()).isEqualTo(SourceDot.State.UNKNOWN);
        assertThat(dot(model, "aws").tooltip()).isEqualTo("aws: not set up — AWS Secrets Manager not configured: no secret name");
        assertThat(dot(model, "vault").state()).as("set up and failing").isEqualTo(SourceDot.State.UNAVAILABLE);
    }

    @Test
    void aSourceTheFeedDoesNotReportIsShownAsNotReported() {
        reported = List.of(new SourceStatus("env", true, ""), new SourceStatus("keyring", true, "1 key"));
        MainViewModel model = model();

        model.refreshSources();
        background.drain();

        assertThat(model.sources()).extracting(SourceDot::name).containsExactly("env", "file", "aws", "vault", "keyring");
        assertThat(dot(model, "env").tooltip()).isEqualTo("env: available");
        assertThat(dot(model, "vault").state()).isEqualTo(SourceDot.State.UNKNOWN);
        assertThat(dot(model, "vault").tooltip()).contains("not reported");
    }

    @Test
    void aCheckStillRunningIsNotStartedTwiceButOneMoreFollowsIt() {
        MainViewModel model = model();
        reported = List.of(new SourceStatus("file", false, "no secrets file yet"));

        model.refreshSources();
        model.refreshSources(); // e.g. a secret was written while the first check ran
        model.refreshSources();

        assertThat(background.pending()).as("one check at a time").isEqualTo(1);
        reported = List.of(new SourceStatus("file", true, "1 key"));
        background.drain();
        assertThat(checks).as("the first check, then one more for every ask that came while it ran").hasValue(2);
        assertThat(dot(model, "file").state()).isEqualTo(SourceDot.State.AVAILABLE);

        model.refreshSources();
        assertThat(background.pending()).as("a finished check can run again").isEqualTo(1);
        background.drain();
        assertThat(checks).as("no follow-up without an ask").hasValue(3);
    }

    @Test
    void aFailingFeedShowsUnknownDotsAndAOneLineMessage() {
        SourceStatusFeed broken = () -> {
            throw new IllegalStateException("secrets chain not built\n\tat Somewhere");
        };
        MainViewModel model = new MainViewModel(prefs, executor, clipboard, broken);

        model.refreshSources();
        background.drain();

        assertThat(model.sources()).extracting(SourceDot::state).containsOnly(SourceDot.State.UNKNOWN);
        assertThat(dot(model, "aws").tooltip()).isEqualTo("aws: could not check: secrets chain not built");
        assertThat(model.messageProperty().get()).isEqualTo("Could not check the secret sources: secrets chain not built");
        assertThat(model.busy().get()).isFalse();
    }

    @Test
    void theProviderContractFeedsTheDots() {
        SecretProvider env = provider("env", Availability.available("1 key"));
        SecretProvider vault = provider("vault", Availability.unavailable("connection refused (http://127.0.0.1:8200)"));
        MainViewModel model = new MainViewModel(prefs, executor, clipboard, SourceStatusFeed.of(() -> new SecretsManager(List.of(env, vault))));

        model.refreshSources();
        background.drain();

        assertThat(dot(model, "env").state()).isEqualTo(SourceDot.State.AVAILABLE);
        assertThat(dot(model, "vault").tooltip()).isEqualTo("vault: unavailable — connection refused (http://127.0.0.1:8200)");
    }

    @Test
    void showsTheClipboardCountdownAndClearsOnRequest() {
        MainViewModel model = model();
        assertThat(model.clipboardPending().get()).isFalse();
        assertThat(model.clipboardText().get()).isEmpty();

        clipboard.copy("HF_TOKEN", "hf_secretvalue");
        now += Duration.ofSeconds(3).toNanos();
        ticks.forEach(Runnable::run);

        assertThat(model.clipboardPending().get()).isTrue();
        assertThat(model.clipboardText().get()).isEqualTo("HF_TOKEN copied · clears in 17 s");

        model.clearClipboard();

        assertThat(clip.text()).isNull();
        assertThat(model.clipboardPending().get()).isFalse();
        assertThat(model.messageProperty().get()).isEqualTo("Clipboard cleared.");
    }

    @Test
    void clearingAClipboardTheUserChangedSaysItWasLeftAlone() {
        MainViewModel model = model();
        clipboard.copy("HF_TOKEN", "hf_secretvalue");
        clip.put("something else");

        model.clearClipboard();

        assertThat(clip.text()).isEqualTo("something else");
        assertThat(model.messageProperty().get()).contains("left as it is");
    }

    @Test
    void closingTheWindowClearsACopiedSecretAndRemembersTheBounds() {
        MainViewModel model = model();
        clipboard.copy("HF_TOKEN", "hf_secretvalue");

        model.windowClosed(new WindowBounds(30, 40, 1000, 700, false));

        assertThat(clip.empty()).as("copied secret cleared on exit").isTrue();
        assertThat(model.clipboardPending().get()).isFalse();
        assertThat(model.savedWindow()).isEqualTo(new WindowBounds(30, 40, 1000, 700, false));
    }

    @Test
    void closingTheWindowLeavesWhatTheUserCopiedSince() {
        MainViewModel model = model();
        clipboard.copy("HF_TOKEN", "hf_secretvalue");
        clip.put("a shopping list");

        model.windowClosed(new WindowBounds(30, 40, 1000, 700, false));

        assertThat(clip.text()).isEqualTo("a shopping list");
    }

    @Test
    void saysHowMuchWorkIsInFlight() {
        MainViewModel model = model();
        executor.run(() -> 1, r -> { }, e -> { });
        assertThat(model.busyText().get()).isEqualTo("Working…");
        executor.run(() -> 2, r -> { }, e -> { });
        assertThat(model.busyText().get()).isEqualTo("Working… (2 tasks)");

        background.drain();

        assertThat(model.busyText().get()).isEmpty();
    }

    private static SecretProvider provider(String name, Availability availability) {
        return new SecretProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name + " for tests";
            }

            @Override
            public Lookup lookup(String key) {
                return Lookup.MISSING;
            }

            @Override
            public Contents contents() {
                return new Contents.Loaded(java.util.Map.of());
            }

            @Override
            public Availability availability() {
                return availability;
            }
        };
    }
}
