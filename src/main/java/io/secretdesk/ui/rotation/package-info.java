/** The Key Rotation view: a wizard over {@code core.rotation} (preflight, new key, backup, re-encrypt, verify, commit). */
package io.secretdesk.ui.rotation;
