/** The Health page: the chosen target's checks, each with what to do when it fails. */
package io.secretdesk.ui.health;
