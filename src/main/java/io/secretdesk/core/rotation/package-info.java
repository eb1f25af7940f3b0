/**
 * Credential key rotation as plain, blocking logic: preflight, new key, backup, re-encrypt, verify, commit,
 * rollback and recovery after a crash, for the console's wizard and the {@code rotate-key} verb alike.
 */
package io.secretdesk.core.rotation;
