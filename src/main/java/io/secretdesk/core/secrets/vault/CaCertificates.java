package io.secretdesk.core.secrets.vault;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS trust for {@code VAULT_CACERT}: every certificate in the PEM file becomes a trust
 * anchor and the system trust store is not consulted, as the Vault CLI does.
 *
 * <p>The driver's {@code SslConfig} reads only the first certificate of a PEM bundle and falls back
 * to the process environment ({@code VAULT_SSL_CERT}) when given no PEM, so the context is built here
 * and handed to the driver through the shared {@code HttpClient}.
 */
final class CaCertificates {

    private CaCertificates() {
    }

    /**
     * An SSL context trusting exactly the certificates in {@code pemFile}.
     *
     * @throws SetupProblem with a one-line reason when the file is missing, unreadable or holds no certificate
     */
    static SSLContext trusting(Path pemFile) throws SetupProblem {
        String where = "VAULT_CACERT " + pemFile;
        if (!Files.exists(pemFile)) {
            throw new SetupProblem(where + " does not exist: point VAULT_CACERT at the PEM file of the CA that signed Vault's certificate");
        }
        if (Files.isDirectory(pemFile)) {
            throw new SetupProblem(where + " is a folder, not a PEM file: point VAULT_CACERT at the CA certificate file itself");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pemFile);
        } catch (IOException e) {
            throw new SetupProblem("cannot read " + where + " (" + e.getClass().getSimpleName()
                    + "): make the file readable by this user or fix VAULT_CACERT");
        }
        Collection<? extends Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new SetupProblem(where + " is not a PEM certificate file (" + VaultFailures.oneLine(e.getMessage(), 80)
                    + "): export the CA certificate as PEM (-----BEGIN CERTIFICATE-----)");
        }
        if (certificates.isEmpty()) {
            throw new SetupProblem(where + " holds no certificate: export the CA certificate as PEM (-----BEGIN CERTIFICATE-----)");
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("vault-ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new SetupProblem("cannot use the certificates in " + where + " (" + VaultFailures.oneLine(e.getMessage(), 80)
                    + "): check the file holds X.509 CA certificates");
        }
    }

    /** The provider cannot be set up; the message is the one-line reason to show. */
    static final class SetupProblem extends Exception {
        private static final long serialVersionUID = 1L;

        SetupProblem(String reason) {
            super(reason, null, false, false);
        }
    }
}
