/** The Fleet page: every SimpleTuner server side by side, their differences, and one change applied to several. */
package io.secretdesk.ui.fleet;
