package io.secretdesk.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Puts the shell on a stage: title, app icon, the window bounds remembered from the last run (only where a
 * screen still shows them), and remembers them again when the window closes.
 */
public final class MainWindow {

    static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256};

    private MainWindow() {
    }

    /** Shows {@code root} on {@code stage}; call on the FX thread. Returns the scene. */
    public static Scene show(Stage stage, Parent root, MainViewModel model) {
        WindowBounds saved = model.savedWindow();
        Scene scene = new Scene(root, saved.width(), saved.height());
        stage.titleProperty().bind(model.titleProperty());
        stage.getIcons().setAll(icons());
        stage.setMinWidth(WindowBounds.MIN_WIDTH);
        stage.setMinHeight(WindowBounds.MIN_HEIGHT);
        stage.setScene(scene);
        if (saved.placed() && onSomeScreen(saved)) {
            stage.setX(saved.x());
            stage.setY(saved.y());
        }
        stage.setMaximized(saved.maximized());

        // The size to remember is the normal one, not that of the maximized window.
        double[] normal = {stage.getX(), stage.getY(), saved.width(), saved.height()};
        Runnable track = () -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                normal[0] = stage.getX();
                normal[1] = stage.getY();
                normal[2] = stage.getWidth();
                normal[3] = stage.getHeight();
            }
        };
        stage.xProperty().addListener(obs -> track.run());
        stage.yProperty().addListener(obs -> track.run());
        stage.widthProperty().addListener(obs -> track.run());
        stage.heightProperty().addListener(obs -> track.run());
        stage.setOnHidden(event -> model.windowClosed(new WindowBounds(normal[0], normal[1], normal[2], normal[3], stage.isMaximized())));
        stage.show();
        return scene;
    }

    /** The app icon in every size up to 256 px, from the classpath ({@code icons/} in the source tree). */
    static List<Image> icons() {
        List<Image> images = new ArrayList<>(ICON_SIZES.length);
        for (int size : ICON_SIZES) {
            var url = MainWindow.class.getResource("/io/secretdesk/icons/secretdesk-" + size + ".png");
            if (url != null) {
                images.add(new Image(url.toExternalForm()));
            }
        }
        return images;
    }

    private static boolean onSomeScreen(WindowBounds bounds) {
        // At least a title bar's worth of the window must be on a screen, or it could not be moved back.
        Rectangle2D grip = new Rectangle2D(bounds.x(), bounds.y(), Math.max(1, bounds.width()), 40);
        return Screen.getScreens().stream().anyMatch(screen -> screen.getVisualBounds().intersects(grip));
    }
}
