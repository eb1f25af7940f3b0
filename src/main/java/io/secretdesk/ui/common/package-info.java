/**
 * Plumbing every console view shares: background work delivered on the FX thread, FXML loading by naming
 * convention, one-line error messages, and a clipboard that clears itself.
 */
package io.secretdesk.ui.common;
