package io.secretdesk.core.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for a server: the system's trust store, plus the certificates of an optional CA file (for servers whose
 * certificate a company or self-made CA signed). A chain is trusted when either accepts it.
 */
final class Tls {

    private Tls() {
    }

    /** The default context, or one that also trusts the certificates in {@code caFile}. */
    static SSLContext context(Path caFile) {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            X509TrustManager system = trustManager(null);
            X509TrustManager extra = trustManager(caStore(caFile));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Either(system, extra)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS with the CA file " + caFile + " ("
                    + e.getClass().getSimpleName() + "): check it holds X.509 CA certificates in PEM form");
        }
    }

    /**
     * Reads the CA file now, so a bad one is refused when the server is added rather than at its first call.
     *
     * @throws IllegalArgumentException saying what is wrong with the file and what to give instead
     */
    static KeyStore caStore(Path caFile) {
        if (!Files.isRegularFile(caFile)) {
            throw new IllegalArgumentException("the CA file " + caFile + (Files.exists(caFile) ? " is not a file"
                    : " does not exist") + ": give the PEM file of the CA that signed the server's certificate");
        }
        Collection<? extends Certificate> certificates;
        try {
            byte[] bytes = Files.readAllBytes(caFile);
            certificates = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file " + caFile + " (" + e.getClass().getSimpleName()
                    + "): make it readable by this user");
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the CA file " + caFile + " is not a PEM certificate file: export the CA "
                    + "certificate as PEM (-----BEGIN CERTIFICATE-----)");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the CA file " + caFile + " holds no certificate: export the CA "
                    + "certificate as PEM (-----BEGIN CERTIFICATE-----)");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the certificates in " + caFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts what either manager trusts; the first one's refusal is reported when both refuse. */
    private record Either(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkClientTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                try {
                    second.checkServerTrusted(chain, authType);
                } catch (CertificateException alsoRefused) {
                    e.addSuppressed(alsoRefused);
                    throw e;
                }
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            all.addAll(List.of(second.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }
}
