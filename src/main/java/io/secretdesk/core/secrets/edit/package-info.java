/**
 * Editing secrets where they live: each source's compare-and-set writes, versions and history
 * ({@link io.secretdesk.core.secrets.edit.EditableSource}), and the one service the CLI and the console both call
 * ({@link io.secretdesk.core.secrets.edit.SecretEdits}): writes, restores, diffs and drift.
 */
package io.secretdesk.core.secrets.edit;
