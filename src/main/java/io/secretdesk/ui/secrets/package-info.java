/**
 * The console's Secrets view: every key the chain knows, where it comes from and what it shadows, masked values
 * with reveal and guarded copy, the secrets-file editor, and each source's details with a connection test.
 */
package io.secretdesk.ui.secrets;
