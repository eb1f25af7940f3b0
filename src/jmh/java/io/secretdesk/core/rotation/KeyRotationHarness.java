package io.secretdesk.core.rotation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link KeyRotationBenchmark}'s rotation run {@code RUNS} times in one JVM, printing the wall time and the
 * rotating thread's CPU time of each (SQLite's native work included): on a machine shared with other builds
 * the CPU time shows the work, the wall time the wait. The first runs include the JIT's warm-up.
 *
 * <p>{@code java -cp target/benchmarks.jar io.secretdesk.core.rotation.KeyRotationHarness [RUNS] [CREDENTIALS]}
 */
public final class KeyRotationHarness {

    private KeyRotationHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        KeyRotationBenchmark benchmark = new KeyRotationBenchmark();
        benchmark.credentials = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        benchmark.seed();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        try {
            for (int run = 0; run < runs; run++) {
                benchmark.copyTemplate();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                benchmark.rotateEndToEnd();
                wall[run] = (System.nanoTime() - start) / 1_000_000;
                cpu[run] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
                benchmark.deleteRun();
                System.out.printf("run %2d: %5d ms wall, %5d ms CPU%n", run + 1, wall[run], cpu[run]);
            }
        } finally {
            benchmark.deleteTemplate();
        }
        if (runs > 3) {
            System.out.printf("median of runs 4-%d: %d ms wall, %d ms CPU (%d credentials)%n", runs,
                    median(Arrays.copyOfRange(wall, 3, runs)), median(Arrays.copyOfRange(cpu, 3, runs)), benchmark.credentials);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
