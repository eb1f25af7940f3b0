package io.secretdesk.ui.common;

import javafx.fxml.FXML;
import javafx.scene.control.Label;

/** The controller of SampleView.fxml (test resources): takes its greeting from whoever builds it. */
public final class SampleController {

    final String text;
    @FXML Label greeting;

    SampleController(String text) {
        this.text = text;
    }

    @FXML
    void initialize() {
        greeting.setText(text);
    }
}
