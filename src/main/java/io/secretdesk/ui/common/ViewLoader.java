package io.secretdesk.ui.common;

import java.io.IOException;
import java.net.URL;
import java.util.Objects;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.util.Callback;

/**
 * Loads a view by naming convention: for {@code FooController} it loads {@code FooView.fxml}, and adds
 * {@code FooView.css} when present, both from the controller's package, after the toast sheet every page shares
 * ({@code PageToast.css}); controllers come from the factory.
 */
public final class ViewLoader {

    /** A loaded view: its root node and the controller the FXML named. */
    public record View<C>(Parent root, C controller) {
    }

    private static final String PAGE_TOAST_CSS =
            Objects.requireNonNull(ViewLoader.class.getResource("PageToast.css"), "PageToast.css").toExternalForm();

    private final Callback<Class<?>, Object> controllerFactory;

    /** @param controllerFactory builds the controller the FXML names in {@code fx:controller} */
    public ViewLoader(Callback<Class<?>, Object> controllerFactory) {
        this.controllerFactory = Objects.requireNonNull(controllerFactory, "controllerFactory");
    }

    /** Loads the view of {@code controllerType}; call on the FX thread. A missing or broken FXML is an {@link IllegalStateException}. */
    public <C> View<C> load(Class<C> controllerType) {
        String base = controllerType.getSimpleName().replaceFirst("Controller$", "") + "View";
        URL fxml = controllerType.getResource(base + ".fxml");
        if (fxml == null) {
            throw new IllegalStateException("No " + base + ".fxml next to " + controllerType.getName());
        }
        FXMLLoader loader = new FXMLLoader(fxml);
        loader.setControllerFactory(controllerFactory);
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new IllegalStateException("Could not load " + base + ".fxml: " + reason(e), e);
        }
        Object controller = loader.getController();
        if (!controllerType.isInstance(controller)) {
            throw new IllegalStateException(base + ".fxml must name fx:controller=\"" + controllerType.getName() + "\"");
        }
        // Every page's toast looks the same; the page's own sheet comes after it, so it can still add to it.
        root.getStylesheets().add(PAGE_TOAST_CSS);
        URL css = controllerType.getResource(base + ".css");
        if (css != null) {
            root.getStylesheets().add(css.toExternalForm());
        }
        return new View<>(root, controllerType.cast(controller));
    }

    /** FXMLLoader puts the file and line in its own message and the reason in a cause: say both on one line. */
    private static String reason(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = e.getMessage() == null ? "" : e.getMessage().strip();
        String why = root == e ? "" : ErrorMessages.oneLine(root);
        String reason = (why + " " + where.replace('\n', ' ')).strip();
        return reason.isEmpty() ? "no details were given" : reason;
    }
}
