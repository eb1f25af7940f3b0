/**
 * The console database (SQLite): schema migrations, provider configs, encrypted credentials and the
 * hash-chained audit log. The only package that touches {@code java.sql} or the SQLite driver.
 */
package io.secretdesk.core.store;
