/** The headless CLI: one class per verb group; parses, prints, exits, and calls core only. */
package io.secretdesk.cli;
