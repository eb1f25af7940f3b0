package io.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

    @Test
    void keepsAMessageWrittenForPeople() {
        assertThat(ErrorMessages.oneLine(new IllegalArgumentException("Cost per second must not be negative")))
                .isEqualTo("Cost per second must not be negative");
    }

    @Test
    void showsOnlyTheFirstLineOfAMultiLineMessage() {
        assertThat(ErrorMessages.oneLine(new IllegalStateException("  Bad secrets file at line 3\n\tat some.Frame(X.java:1)\n")))
                .isEqualTo("Bad secrets file at line 3");
    }

    @Test
    void unwrapsExecutionAndCompletionWrappers() {
        Throwable wrapped = new ExecutionException(new CompletionException(new IllegalStateException("Vault sealed")));
        assertThat(ErrorMessages.oneLine(wrapped)).isEqualTo("Vault sealed");
    }

    @Test
    void namesTheFileForFileSystemExceptionsWhoseMessageIsOnlyAPath() {
        assertThat(ErrorMessages.oneLine(new UncheckedIOException(new NoSuchFileException("/home/u/.simpletuner/secrets.json"))))
                .isEqualTo("File not found: /home/u/.simpletuner/secrets.json");
        assertThat(ErrorMessages.oneLine(new AccessDeniedException("/etc/secrets.json")))
                .isEqualTo("Permission denied: /etc/secrets.json");
    }

    @Test
    void saysWhatToCheckForNetworkFailures() {
        assertThat(ErrorMessages.oneLine(new ConnectException("Connection refused")))
                .isEqualTo("Could not connect: Connection refused (is the server running?)");
        assertThat(ErrorMessages.oneLine(new SocketTimeoutException()))
                .isEqualTo("Timed out (the server did not answer in time)");
    }

    @Test
    void describesAnExceptionWithoutAMessageByItsType() {
        assertThat(ErrorMessages.oneLine(new IllegalStateException())).isEqualTo("Illegal state (no details were given)");
        assertThat(ErrorMessages.oneLine(new NullPointerException())).isEqualTo("Null pointer (no details were given)");
    }

    @Test
    void neverReturnsBlankOrOverlongText() {
        assertThat(ErrorMessages.oneLine(null)).isNotBlank();
        assertThat(ErrorMessages.oneLine(new RuntimeException("x".repeat(1000)))).hasSize(ErrorMessages.MAX_LENGTH).endsWith("…");
    }
}
