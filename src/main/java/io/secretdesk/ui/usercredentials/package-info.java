/** The User Credentials view: SimpleTuner's per-user provider credentials (listed, set, deactivated, deleted) through UserCredentialStore. */
package io.secretdesk.ui.usercredentials;
