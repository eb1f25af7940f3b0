/**
 * Where SecretDesk acts: a "target" is one SimpleTuner installation, reached through its files on this host
 * ({@link io.secretdesk.core.target.LocalTarget}) or, for a remote host, through SimpleTuner's HTTP API. The CLI
 * verbs and the console's views work on a {@link io.secretdesk.core.target.Target}, so they work on either.
 */
package io.secretdesk.core.target;
