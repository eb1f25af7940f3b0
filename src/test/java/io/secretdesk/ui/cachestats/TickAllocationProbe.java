package io.secretdesk.ui.cachestats;

import io.secretdesk.core.cache.Cached;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import io.secretdesk.ui.common.ViewLoader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Measures the bytes one Cache Stats tick allocates, per thread, with the JVM's allocation counter; a manual
 * run, not a test (timings and JIT make it unfit for an assertion). Prints a Markdown table.
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
 *   io.secretdesk.ui.cachestats.TickAllocationProbe
 * </pre>
 *
 * Part one runs the view model alone on the calling thread (what a tick costs our code and the core's
 * snapshots); part two runs the real page on a headless stage and counts everything the FX thread
 * allocates from one tick to the next, layout, CSS and chart included.
 */
public final class TickAllocationProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final Random random = new Random(7);
    private final TtlCache<String> invoices;
    private final TtlCache<String> big;
    private final Function<Integer, String> getInvoice;

    private TickAllocationProbe() {
        invoices = TtlCache.<String>builder().name("billing:get_invoice").defaultTtl(Duration.ofSeconds(90)).maxSize(200)
                .ticker(ticker).scheduler(scheduler).build();
        big = TtlCache.<String>builder().name("probe:thousand_keys").defaultTtl(Duration.ofHours(1)).maxSize(1000)
                .ticker(ticker).scheduler(scheduler).build();
        for (int i = 0; i < 1000; i++) {
            big.set("key:" + i, "v");
        }
        getInvoice = Cached.of("billing", "get_invoice", Duration.ofSeconds(90), invoices).wrap(id -> "invoice-" + id);
        for (int i = 0; i < 150; i++) {
            getInvoice.apply(i);
        }
        for (String provider : new String[] {"replicate", "runpod", "modal"}) {
            Caches.providerConfig().set("provider:" + provider + ":config", java.util.Map.of("cost_limit", 50));
        }
    }

    public static void main(String[] args) throws Exception {
        TickAllocationProbe probe = new TickAllocationProbe();
        System.out.println("| what | bytes per tick |");
        System.out.println("|---|---:|");
        probe.parts();
        probe.viewModelAlone();
        probe.wholePage();
        Platform.exit();
    }

    private void traffic() {
        for (int i = 0; i < 25; i++) {
            getInvoice.apply(random.nextInt(180));
        }
        Caches.providerConfig().get("provider:replicate:config");
    }

    /** The core calls one tick makes, each on its own. */
    private void parts() {
        report("Caches.named() (" + Caches.named().size() + " caches)", measure(() -> Caches.named().size()));
        report("TtlCache.stats(), one cache", measure(() -> invoices.stats().size()));
        report("ttlSnapshot(), 150 keys", measure(() -> invoices.ttlSnapshot().size()));
        report("ttlSnapshot(), 1,000 keys", measure(() -> big.ttlSnapshot().size()));
    }

    private void viewModelAlone() {
        ManualRepeater repeater = new ManualRepeater();
        CacheStatsViewModel model = new CacheStatsViewModel(Caches::named, ticker::read, repeater::every);
        model.start();
        model.select(model.rows().stream().filter(r -> r.name().equals("billing:get_invoice")).findFirst().orElseThrow());
        report("view model tick, idle, 150 keys selected", tickCost(model, false));
        report("view model tick, 25 reads a second, 150 keys selected", tickCost(model, true));
        model.select(model.rows().stream().filter(r -> r.name().equals("probe:thousand_keys")).findFirst().orElseThrow());
        report("view model tick, idle, 1,000 keys selected", tickCost(model, false));
        model.setShowing(false);
        report("view model tick, page hidden", tickCost(model, true));
        model.stop();
    }

    /** Ticks on this thread; counts only what the ticks allocate, not the traffic between them. */
    private long tickCost(CacheStatsViewModel model, boolean withTraffic) {
        int warm = 3000;
        int runs = 3000;
        long bytes = 0;
        long id = Thread.currentThread().getId();
        for (int i = 0; i < warm + runs; i++) {
            if (withTraffic) {
                traffic();
            }
            ticker.advance(Duration.ofSeconds(1));
            refreshEntries(i);
            long before = THREADS.getThreadAllocatedBytes(id);
            model.tick();
            long after = THREADS.getThreadAllocatedBytes(id);
            if (i >= warm) {
                bytes += after - before;
            }
        }
        return bytes / runs;
    }

    /** Keeps the entries alive as fake time runs on, so the key lists stay full. */
    private void refreshEntries(int i) {
        if (i % 60 == 0) {
            for (int k = 0; k < 150; k++) {
                invoices.set("billing:get_invoice:" + k, "invoice-" + k);
            }
        }
        if (i % 1800 == 0) {
            for (int k = 0; k < 1000; k++) {
                big.set("key:" + k, "v");
            }
        }
    }

    private void wholePage() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        ManualRepeater repeater = new ManualRepeater();
        CacheStatsViewModel model = new CacheStatsViewModel(Caches::named, ticker::read, repeater::every);
        long[] fxThread = new long[1];
        onFx(() -> {
            io.secretdesk.ui.shell.ThemeChoice.PRIMER_LIGHT.apply();
            ViewLoader views = new ViewLoader(type -> new CacheStatsController(model));
            CacheStatsController page = views.load(CacheStatsController.class).controller();
            Stage stage = new Stage();
            stage.setScene(new Scene((javafx.scene.Parent) page.view(), 1100, 760));
            stage.show();
            model.select(model.rows().stream().filter(r -> r.name().equals("billing:get_invoice")).findFirst().orElseThrow());
            fxThread[0] = Thread.currentThread().getId();
            return null;
        });
        // Fill the five-minute history first, so the charts draw their full 300 points.
        for (int i = 0; i < 320; i++) {
            pageTick(repeater, true, i);
        }
        if (Boolean.getBoolean("probe.trafficOnly")) {
            report("whole page on the FX thread, 25 reads a second", pageCost(repeater, fxThread[0], true, 1500));
            return;
        }
        if (Boolean.getBoolean("probe.idleOnly")) {
            // For a profiler: a long idle run and nothing else.
            pageCost(repeater, fxThread[0], false, 310);
            report("whole page on the FX thread, idle", pageCost(repeater, fxThread[0], false, 1500));
            return;
        }
        report("FX thread with no tick at all (baseline: pulses, probe overhead)", baseline(fxThread[0]));
        report("whole page on the FX thread, 25 reads a second (chart redrawn)", pageCost(repeater, fxThread[0], true));
        // Five idle minutes first, so the history is flat and the chart has nothing to redraw.
        pageCost(repeater, fxThread[0], false, 310);
        report("whole page on the FX thread, idle (keys count down, chart unchanged)", pageCost(repeater, fxThread[0], false));
        onFx(() -> {
            model.setShowing(false);
            return null;
        });
        report("whole page on the FX thread, idle, key list not refreshed", pageCost(repeater, fxThread[0], false));
    }

    /** One second of fake time and a tick, then two pulses' worth of waiting so layout and CSS run. */
    private void pageTick(ManualRepeater repeater, boolean withTraffic, int i) throws Exception {
        if (withTraffic) {
            traffic();
        }
        refreshEntries(i);
        ticker.advance(Duration.ofSeconds(1));
        onFx(() -> {
            repeater.tick.run();
            return null;
        });
        Thread.sleep(40);
        onFx(() -> null);
    }

    private long baseline(long fxThread) throws Exception {
        int runs = 200;
        long before = THREADS.getThreadAllocatedBytes(fxThread);
        for (int i = 0; i < runs; i++) {
            Thread.sleep(40);
            onFx(() -> null);
        }
        return (THREADS.getThreadAllocatedBytes(fxThread) - before) / runs;
    }

    private long pageCost(ManualRepeater repeater, long fxThread, boolean withTraffic) throws Exception {
        return pageCost(repeater, fxThread, withTraffic, 200);
    }

    private long pageCost(ManualRepeater repeater, long fxThread, boolean withTraffic, int runs) throws Exception {
        long before = THREADS.getThreadAllocatedBytes(fxThread);
        for (int i = 0; i < runs; i++) {
            pageTick(repeater, withTraffic, i + 1);
        }
        return (THREADS.getThreadAllocatedBytes(fxThread) - before) / runs;
    }

    private static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static long measure(Supplier<Integer> call) {
        long id = Thread.currentThread().getId();
        int sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += call.get();
        }
        int runs = 10_000;
        long before = THREADS.getThreadAllocatedBytes(id);
        for (int i = 0; i < runs; i++) {
            sink += call.get();
        }
        long bytes = (THREADS.getThreadAllocatedBytes(id) - before) / runs;
        if (sink == 42) {
            System.out.print("");
        }
        return bytes;
    }

    private static void report(String what, long bytes) {
        System.out.println(String.format(Locale.ROOT, "| %s | %,d |", what, bytes));
    }
}
