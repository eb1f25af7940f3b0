package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.ui.shell.ThemeChoice;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** PNG screenshots of a scene under target/screenshots/, as the screenshot tests save them to be looked at. */
public final class Screenshots {

    public static final Path FOLDER = Path.of("target", "screenshots");

    private Screenshots() {
    }

    /**
     * Lets pending FX events run, snapshots the whole scene on the FX thread and writes {@code FOLDER/name.png}.
     * Call from the test thread, not the FX thread. Returns the image, whose size is the scene's.
     */
    public static BufferedImage save(Scene scene, String name) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage image = WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(
                () -> SwingFXUtils.fromFXImage(scene.snapshot(null), null)));
        Files.createDirectories(FOLDER);
        Path png = FOLDER.resolve(name + ".png");
        ImageIO.write(image, "png", png.toFile());
        assertThat(png).isNotEmptyFile();
        assertThat(image.getWidth()).isEqualTo((int) scene.getWidth());
        return image;
    }

    /** The theme as a file-name part: {@code primer-light}, {@code cupertino-dark}. */
    public static String slug(ThemeChoice theme) {
        return theme.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Relative luminance (0 black .. 1 white) of one pixel, to tell a dark theme from a light one. */
    public static double luminance(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
    }
}
