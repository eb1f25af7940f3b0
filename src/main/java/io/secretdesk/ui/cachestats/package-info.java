/**
 * The console's Cache Stats view: every named cache's live counters, a history chart, clearing and
 * invalidating by prefix, and the selected cache's keys with their time left.
 */
package io.secretdesk.ui.cachestats;
