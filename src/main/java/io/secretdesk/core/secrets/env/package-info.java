/** The environment-variable secret provider: highest priority, always available. */
package io.secretdesk.core.secrets.env;
