package io.secretdesk;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The console's composition root: builds the core services once and hands them to the views. */
public final class App extends Application {

    static void launchConsole(String[] args) {
        Application.launch(App.class, args);
    }

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane(new Label("SecretDesk"));
        stage.setTitle("SecretDesk");
        stage.setScene(new Scene(root, 1100, 720));
        stage.show();
    }
}
