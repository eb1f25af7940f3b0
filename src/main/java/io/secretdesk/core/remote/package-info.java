/**
 * Remote SimpleTuner servers over SimpleTuner's HTTP API: {@link io.secretdesk.core.remote.RemoteTarget} (a
 * {@link io.secretdesk.core.target.Target}), the registry of servers with their encrypted API keys
 * ({@link io.secretdesk.core.remote.Servers}) and several servers at once ({@link io.secretdesk.core.remote.Fleet}).
 */
package io.secretdesk.core.remote;
