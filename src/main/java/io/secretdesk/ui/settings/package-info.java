/**
 * The Settings page: the idle lock, and the secrets chain's settings kept by SecretDesk (the environment wins).
 */
package io.secretdesk.ui.settings;
