package io.secretdesk.cli;

import io.secretdesk.core.crypto.CredentialKeyRing;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import io.secretdesk.core.crypto.RotationKeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code encrypt} and {@code decrypt}: SimpleTuner's stored credential form, through standard input and output. */
final class CryptoVerbs {

    private CryptoVerbs() {
    }

    abstract static class Verb extends StoreVerb {
        @ParentCommand
        RootCommand root;

        @Override
        CliContext context() {
            return root.context();
        }

        MasterSecretSource keySource() {
            return MasterSecretSource.credential(context().env(), context().home());
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "encrypt", description = "Encrypt standard input with the key the store encrypts with and print "
            + "SimpleTuner's stored form (a Fernet token, base64-encoded once more). One trailing newline is not part of the value.")
    static final class Encrypt extends Verb {
        @Override
        int run() throws Exception {
            String plaintext = readValue("Value to encrypt");
            if (plaintext.isEmpty()) {
                throw new CliException(Cli.USAGE, "nothing to encrypt on standard input");
            }
            // The key the store encrypts with: the pending key while an environment-key rotation awaits --confirm.
            CredentialKeyRing ring = CredentialKeyRing.following(keySource());
            requirePersistent(ring.secret());
            context().out().println(ring.current().encrypt(plaintext));
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "decrypt", description = "Decrypt a stored credential from standard input with any key of the ring "
            + "(the credential key and a rotation's .new, .pending and .previous files) and print the value. Exit 1 when it "
            + "does not decrypt or there is no key.")
    static final class Decrypt extends Verb {
        @Override
        int run() throws Exception {
            String stored = readStdin().strip();
            if (stored.isEmpty()) {
                throw new CliException(Cli.USAGE, "nothing to decrypt on standard input");
            }
            MasterSecretSource keys = keySource();
            MasterSecret secret = keys.existing().orElseThrow(() -> new CliException(ExitCode.REFUSED, "no credential key to "
                    + "decrypt with: " + keys.variable() + " is not set and " + keys.keyFile() + " does not exist. Set the "
                    + "variable or restore the key file; no key was created."));
            // Every key a row may be encrypted with: the rotation files beside the key file too.
            context().out().println(RotationKeyFiles.ring(secret, keys.keyFile()).decrypt(stored));
            return Cli.OK;
        }
    }
}
