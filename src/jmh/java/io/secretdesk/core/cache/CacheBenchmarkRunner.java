package io.secretdesk.core.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CacheBenchmark} with 1 and 2 threads and prints a Markdown table of ops/s with each cache's
 * ratio to Caffeine. Extra arguments are JMH options (e.g. {@code -wi 1 -i 2} for a quick look).
 */
public final class CacheBenchmarkRunner {

    private CacheBenchmarkRunner() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        String[] workloads = {"read", "readWrite", "write", "churn"};
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        List<Integer> threads = List.of(1, 2);
        for (int t : threads) {
            Options options = new OptionsBuilder().parent(cli)
                    .include(CacheBenchmark.class.getName() + "\\.")
                    .threads(t)
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            for (RunResult r : results) {
                String label = r.getParams().getBenchmark();
                String method = label.substring(label.lastIndexOf('.') + 1);
                String impl = r.getParams().getParam("impl");
                String id = method + "/" + t + "/" + impl;
                score.put(id, r.getPrimaryResult().getScore());
                error.put(id, r.getPrimaryResult().getScoreError());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("| workload | threads | TtlCache ops/s | Caffeine ops/s | synchronized LRU ops/s | TtlCache / Caffeine | sync LRU / Caffeine |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (String w : workloads) {
            for (int t : threads) {
                Double ours = score.get(w + "/" + t + "/TtlCache");
                Double caffeine = score.get(w + "/" + t + "/Caffeine");
                Double lru = score.get(w + "/" + t + "/SynchronizedLru");
                if (ours == null && caffeine == null && lru == null) {
                    continue;
                }
                lines.add(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |", w, t,
                        ops(ours, error.get(w + "/" + t + "/TtlCache")),
                        ops(caffeine, error.get(w + "/" + t + "/Caffeine")),
                        ops(lru, error.get(w + "/" + t + "/SynchronizedLru")),
                        ratio(ours, caffeine), ratio(lru, caffeine)));
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static String ops(Double score, Double err) {
        if (score == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,.0f ± %.0f%%", score, Double.isNaN(err) ? 0 : 100 * err / score);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%.2f×", a / b);
    }
}
