/**
 * SecretDesk's toolkit-free core: secrets, caches, crypto, storage, pricing and rotation. Nothing here
 * imports JavaFX or the ui package.
 */
package io.secretdesk.core;
