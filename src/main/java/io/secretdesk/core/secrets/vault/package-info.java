/**
 * The HashiCorp Vault KV provider and its settings; the only package that imports the Vault driver
 * ({@code io.github.jopenlibs.vault}).
 */
package io.secretdesk.core.secrets.vault;
