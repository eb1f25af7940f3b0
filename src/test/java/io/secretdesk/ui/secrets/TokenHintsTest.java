package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenHintsTest {

    @Test
    void keysMustBeNonEmptyWithoutSpacesOrControlCharacters() {
        assertThat(TokenHints.keyProblem("")).isEqualTo("Enter a key, for example HF_TOKEN.");
        assertThat(TokenHints.keyProblem(null)).isEqualTo("Enter a key, for example HF_TOKEN.");
        assertThat(TokenHints.keyProblem("   ")).startsWith("A key cannot contain spaces");
        assertThat(TokenHints.keyProblem("HF TOKEN")).startsWith("A key cannot contain spaces");
        assertThat(TokenHints.keyProblem("HF_TOKEN\t")).startsWith("A key cannot contain spaces");
        assertThat(TokenHints.keyProblem("HF\u0000TOKEN")).startsWith("A key cannot contain control characters");
        assertThat(TokenHints.keyProblem("my-app.token")).isNull();
    }

    @Test
    void valuesMustBeNonEmpty() {
        assertThat(TokenHints.valueProblem("")).isNotNull();
        assertThat(TokenHints.valueProblem(null)).isNotNull();
        assertThat(TokenHints.valueProblem(" ")).as("a space is a value, if an odd one; the hint says so").isNull();
    }

    @Test
    void knownTokenKeysExpectTheirPrefix() {
        assertThat(TokenHints.hints("REPLICATE_API_TOKEN", "r8_abc")).isEmpty();
        assertThat(TokenHints.hints("HF_TOKEN", "hf_abc")).isEmpty();
        assertThat(TokenHints.hints("REPLICATE_API_TOKEN", "abc")).containsExactly("Replicate tokens start with r8_: check that this is the right token.");
        assertThat(TokenHints.hints("HF_TOKEN", "abc")).containsExactly("Hugging Face tokens start with hf_: check that this is the right token.");
        assertThat(TokenHints.hints("OTHER", "r8_abc")).as("other keys may hold anything").isEmpty();
        assertThat(TokenHints.hints("HF_TOKEN", "")).as("no hint before a value is typed").isEmpty();
    }

    @Test
    void hintsNeverQuoteTheValue() {
        String value = "hf_secretPartThatMustNotShow";
        assertThat(String.join(" ", TokenHints.hints("REPLICATE_API_TOKEN", value + " "))).doesNotContain("secretPart");
    }

    @Test
    void aKnownKeyInTheWrongCaseIsPointedOut() {
        assertThat(TokenHints.hints("replicate-api-token", "r8_x")).containsExactly(
                "Keys in the file are case-sensitive: SimpleTuner reads REPLICATE_API_TOKEN.");
        assertThat(TokenHints.hints("Cloud_Webhook_Secret", "x")).containsExactly(
                "Keys in the file are case-sensitive: SimpleTuner reads CLOUD_WEBHOOK_SECRET.");
    }
}
