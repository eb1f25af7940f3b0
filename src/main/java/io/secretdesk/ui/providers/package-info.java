/** The Provider Config view: provider configs from the store, each provider's API token, and the audit log. */
package io.secretdesk.ui.providers;
