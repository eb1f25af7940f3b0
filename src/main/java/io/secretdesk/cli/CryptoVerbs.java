package io.secretdesk.cli;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
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

        MasterSecret secret() {
            return MasterSecretSource.credential(context().env(), context().home()).resolve();
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "encrypt", description = "Encrypt standard input with the credential key and print SimpleTuner's "
            + "stored form (a Fernet token, base64-encoded once more). One trailing newline is not part of the value.")
    static final class Encrypt extends Verb {
        @Override
        int run() throws Exception {
            String plaintext = readValue("Value to encrypt");
            if (plaintext.isEmpty()) {
                throw new CliException(Cli.USAGE, "nothing to encrypt on standard input");
            }
            MasterSecret secret = secret();
            requirePersistent(secret);
            context().out().println(CredentialEncryption.forSecret(secret).encrypt(plaintext));
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "decrypt", description = "Decrypt a stored credential from standard input with the credential key "
            + "and print the value. Exit 1 when it does not decrypt.")
    static final class Decrypt extends Verb {
        @Override
        int run() throws Exception {
            String stored = readStdin().strip();
            if (stored.isEmpty()) {
                throw new CliException(Cli.USAGE, "nothing to decrypt on standard input");
            }
            context().out().println(CredentialEncryption.forSecret(secret()).decrypt(stored));
            return Cli.OK;
        }
    }
}
