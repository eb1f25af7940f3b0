package io.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ViewLoaderTest {

    /** A controller type with no FXML next to it. */
    static final class NowhereController {
    }

    /** Named by WrongView.fxml's neighbour convention, but that FXML names SampleController. */
    static final class WrongController {
    }

    private final ViewLoader loader = new ViewLoader(type -> {
        if (type == SampleController.class) {
            return new SampleController("hello from the factory");
        }
        if (type == OtherController.class) {
            return new OtherController();
        }
        if (type == BrokenController.class) {
            return new BrokenController();
        }
        throw new IllegalArgumentException("no controller for " + type.getName());
    });

    private static <T> T onFx(Callable<T> work) throws Throwable {
        try {
            return WaitForAsyncUtils.asyncFx(work).get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    @Test
    void loadsTheFxmlAndCssNextToTheControllerWithAControllerFromTheFactory() throws Throwable {
        ViewLoader.View<SampleController> view = onFx(() -> loader.load(SampleController.class));

        assertThat(view.controller().text).isEqualTo("hello from the factory");
        assertThat(((Label) view.root().lookup(".label")).getText()).isEqualTo("hello from the factory");
        assertThat(view.root().getStylesheets()).as("the shared toast sheet, then the view's own, which can add to it")
                .satisfiesExactly(
                        shared -> assertThat(shared).endsWith("io/secretdesk/ui/common/PageToast.css"),
                        own -> assertThat(own).endsWith("io/secretdesk/ui/common/SampleView.css"));
    }

    @Test
    void aMissingFxmlNamesTheFileItLookedFor() {
        assertThatThrownBy(() -> onFx(() -> loader.load(NowhereController.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NowhereView.fxml");
    }

    @Test
    void anFxmlNamingAnotherControllerIsRefused() {
        assertThatThrownBy(() -> onFx(() -> loader.load(WrongController.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WrongView.fxml must name fx:controller");
    }

    @Test
    void aBrokenFxmlIsOneIllegalStateException() {
        assertThatThrownBy(() -> onFx(() -> loader.load(BrokenController.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Could not load BrokenView.fxml: ")
                .hasMessageContaining("NoSuchControl")
                .hasMessageContaining("BrokenView.fxml:4");
    }

    /** The controller WrongView.fxml names instead of WrongController. */
    static final class OtherController {
    }

    /** The controller BrokenView.fxml names. */
    static final class BrokenController {
    }
}
