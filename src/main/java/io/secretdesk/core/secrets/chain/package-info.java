/**
 * Chain building: the standard provider chain (environment, file, AWS, Vault) from a config map and an
 * environment, and the managers over it. Depends on every provider package; nothing in core.secrets depends on it.
 */
package io.secretdesk.core.secrets.chain;
