package io.secretdesk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.secretdesk.core.target.HealthReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code health} and {@code doctor} print a {@link HealthReport}, and the exit code it means: one form for both. */
final class HealthOutput {

    private HealthOutput() {
    }

    /**
     * Prints the report as a table (the target and its overall state, then a check per line) or as JSON
     * ({@code {"target", "state", "checks": [{"name", "state", "detail"}]}}).
     *
     * @return {@link ExitCode#CHECK_FAILED} when a check failed, else 0
     */
    static int print(CliContext context, HealthReport report, boolean json) throws JsonProcessingException {
        if (json) {
            List<Map<String, Object>> checks = report.checks().stream().map(check -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", check.name());
                row.put("state", lower(check.state()));
                row.put("detail", check.detail());
                return row;
            }).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target", report.target());
            out.put("state", lower(report.overall()));
            out.put("checks", checks);
            context.out().println(StoreVerb.json().writeValueAsString(out));
        } else {
            context.out().println(report.target() + ": " + report.overall());
            report.checks().forEach(check -> context.out().printf("  %-8s %-15s %s%n", check.state(), check.name(),
                    check.detail()));
        }
        return report.overall() == HealthReport.State.FAILED ? ExitCode.CHECK_FAILED.code() : Cli.OK;
    }

    private static String lower(HealthReport.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
