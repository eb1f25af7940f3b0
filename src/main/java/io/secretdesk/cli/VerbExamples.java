package io.secretdesk.cli;

import java.util.Map;
import java.util.Optional;

/**
 * Examples for the verbs whose {@code @Command} has no footer of its own, by qualified name. A verb's own
 * footer wins; {@code CliHelpTest} fails for any verb left without an example either way.
 */
final class VerbExamples {

    private static final String J = "  secretdesk ";

    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("secretdesk help", J + "help export"),
            Map.entry("secretdesk encrypt", J + "encrypt < token.txt > token.enc"),
            Map.entry("secretdesk decrypt", J + "decrypt < token.enc"),
            Map.entry("secretdesk config", J + "config get replicate"),
            Map.entry("secretdesk config get", J + "config get replicate | jq .cost_limit_amount"),
            Map.entry("secretdesk config set", "  echo '{\"cost_limit_amount\": 500}' | secretdesk config set replicate --merge"),
            Map.entry("secretdesk credentials", J + "credentials list --json"),
            Map.entry("secretdesk credentials list", J + "credentials list replicate"),
            Map.entry("secretdesk credentials get", J + "credentials get replicate api_token"),
            Map.entry("secretdesk credentials set", "  printf '%%s' \"$TOKEN\" | secretdesk credentials set replicate api_token"),
            Map.entry("secretdesk credentials delete", J + "credentials delete replicate api_token"),
            Map.entry("secretdesk credentials deactivate", J + "credentials deactivate replicate api_token"),
            Map.entry("secretdesk credentials import", J + "credentials import < credentials.json"),
            Map.entry("secretdesk hardware", J + "hardware --json"),
            Map.entry("secretdesk hardware set", J + "hardware set < pricing.json"),
            Map.entry("secretdesk audit", J + "audit --verify"),
            Map.entry("secretdesk rotate-key", J + "rotate-key --yes"));

    private VerbExamples() {
    }

    /** The footer lines for {@code qualifiedName}: a heading and the example. */
    static Optional<String[]> of(String qualifiedName) {
        String example = EXAMPLES.get(qualifiedName);
        return example == null ? Optional.empty() : Optional.of(new String[] {"%nExample:", example});
    }
}
