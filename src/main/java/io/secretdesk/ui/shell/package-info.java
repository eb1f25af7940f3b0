/**
 * The console's main window: navigation between the pages, keyboard shortcuts, theme, and the status bar
 * with the secret sources' availability, background work and the clipboard countdown.
 */
package io.secretdesk.ui.shell;
