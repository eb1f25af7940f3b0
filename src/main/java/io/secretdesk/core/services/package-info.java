/**
 * The core services composed once, for the CLI and the console alike: the secrets chain, SecretDesk's console store,
 * SimpleTuner's files on this host as a target, and the rules that span them (an audited secret write).
 */
package io.secretdesk.core.services;
