/**
 * The one background scheduler of the process (daemon threads) for cleanup and refresh jobs, and a
 * manual scheduler that runs due jobs on the caller's thread for tests and one-shot runs.
 */
package io.secretdesk.core.schedule;
