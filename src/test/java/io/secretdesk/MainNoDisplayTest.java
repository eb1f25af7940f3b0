package io.secretdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainNoDisplayTest {

    @Test
    void linuxWithoutDisplayOrWaylandHasNoDisplay() {
        assertThat(Main.noDisplay(Map.of(), "Linux", null)).get().asString().contains("DISPLAY");
        assertThat(Main.noDisplay(Map.of("DISPLAY", " "), "Linux", null)).isPresent();
        assertThat(Main.noDisplay(Map.of("DISPLAY", ":0"), "Linux", null)).isEmpty();
        assertThat(Main.noDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null)).isEmpty();
        assertThat(Main.noDisplay(Map.of(), "Mac OS X", null)).isEmpty();
        assertThat(Main.noDisplay(Map.of(), "Windows 11", null)).isEmpty();
        assertThat(Main.noDisplay(Map.of(), "Linux", "Monocle")).as("headless tests").isEmpty();
    }

    @Test
    void theMessageIsOneLineNamingTheCliVerbs() {
        String message = Main.noDisplayMessage("no display: DISPLAY and WAYLAND_DISPLAY are not set");
        assertThat(message).doesNotContain("\n").contains("console cannot open", "get, which", "export, run", "--help");
    }
}
