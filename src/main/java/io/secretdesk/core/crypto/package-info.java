/**
 * Credential encryption compatible with SimpleTuner (PBKDF2-derived Fernet keys on a key ring), the master
 * secrets behind it and their owner-only key files.
 */
package io.secretdesk.core.crypto;
