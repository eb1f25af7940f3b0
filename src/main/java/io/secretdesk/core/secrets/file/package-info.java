/** The file secret provider: JSON or YAML secrets files, re-read on change, written atomically and owner-only. */
package io.secretdesk.core.secrets.file;
