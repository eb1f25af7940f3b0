/**
 * The JavaFX console: one package per screen (FXML, CSS, controller and view model under one base name),
 * the shell that hosts them, and the plumbing they share.
 */
package io.secretdesk.ui;
