package io.secretdesk.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export}: many secrets at once, quoted for a shell, a dotenv file or JSON (see {@link ExportFormat}). */
@Command(name = "export", description = {"Print KEYS (or --all: every key any provider holds) with their values, quoted for "
        + "the format: env (export KEY='value' lines to eval in sh, bash or zsh), dotenv (KEY=\"value\") or json.",
    "All or nothing, like get: a missing key is exit 1 and a provider that could not answer exit 3, with nothing printed. "
        + "In env and dotenv a key must be a variable name and a value must not hold NUL (exit 2); with --all such keys "
        + "are left out with a warning."},
        footer = {"%nExamples:", "  eval \"$(secretdesk export HF_TOKEN REPLICATE_API_TOKEN)\"",
            "  secretdesk export --all --format dotenv > .env && chmod 600 .env",
            "  secretdesk export --format json HF_TOKEN | jq -r .HF_TOKEN"})
final class ExportCommand extends SecretVerbs.Verb {

    @Parameters(paramLabel = "KEYS", arity = "0..*", description = "The keys to export, in this order.")
    List<String> keys;

    @Option(names = "--all", description = "Every key any provider holds, sorted.")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "env",
            description = "env, dotenv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--allow-unavailable", description = "Export what the providers that answered hold when others could not "
            + "(a warning names them); without it that is exit 3.")
    boolean allowUnavailable;

    @Option(names = "--allow-missing", description = "Leave out keys no provider has (a warning names them) instead of exit 1.")
    boolean allowMissing;

    @Override
    int run() {
        ExportFormat chosen = switch (format.toLowerCase(Locale.ROOT)) {
            case "env" -> ExportFormat.ENV;
            case "dotenv" -> ExportFormat.DOTENV;
            case "json" -> ExportFormat.JSON;
            default -> throw new CliException(ExitCode.USAGE, "unknown --format; use env, dotenv or json");
        };
        if (all == (keys != null && !keys.isEmpty())) {
            throw new CliException(ExitCode.USAGE, "name the KEYS to export, or --all (not both)");
        }
        Selection selection = all ? Selection.all(secrets()) : Selection.of(secrets(), keys);
        ExitCode refusal = selection.refusal(context().err(), allowUnavailable, allowMissing);
        if (refusal != ExitCode.OK) {
            return refusal.code();
        }
        Map<String, String> values = new java.util.LinkedHashMap<>(selection.values());
        for (Map.Entry<String, String> entry : selection.values().entrySet()) {
            String problem = chosen.problem(entry.getKey(), entry.getValue()).orElse(null);
            if (problem == null) {
                continue;
            }
            if (!all) {
                throw new CliException(ExitCode.USAGE, problem + "; nothing was printed (--format json holds any key and value)");
            }
            context().err().println("secretdesk: warning: left out: " + problem);
            values.remove(entry.getKey());
        }
        context().out().print(chosen.render(values));
        context().out().flush();
        return Cli.OK;
    }
}
