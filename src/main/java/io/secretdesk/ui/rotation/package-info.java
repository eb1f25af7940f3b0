/**
 * The Key Rotation view over {@code core.rotation}: the wizard (preflight, new key, backup, re-encrypt, verify, commit),
 * the history of backups with the rollback to one, and the header's recovery report, each its own view model.
 */
package io.secretdesk.ui.rotation;
