package io.secretdesk.core.rotation;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.rotation.KeyRotation.Credential;
import io.secretdesk.core.rotation.KeyRotation.Preflight;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.CredentialStore.CredentialInfo;
import io.secretdesk.core.store.CredentialStore.RowCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What step 1 of a {@link KeyRotation} reads, changing nothing: every row checked against the current key
 * ring, what the operator is told, which rows do not decrypt, and each row's fingerprint to verify against.
 *
 * @param undecryptableIds the rows the current ring does not open
 * @param fingerprints     the value fingerprint of every row that opens, by row id
 */
record PreflightScan(Preflight preflight, Set<Long> undecryptableIds, Map<Long, Fingerprints.Before> fingerprints) {

    /** Reads every credential with {@code oldRing}, ticking {@code ticker} per row (which may stop it). */
    static PreflightScan run(CredentialStore credentials, CredentialEncryption oldRing, MasterSecret current, Path keyFile,
                             StepTicker ticker) {
        boolean fromEnvironment = current.origin().kind() == KeyOrigin.Kind.ENVIRONMENT;
        Map<Long, Fingerprints.Before> fingerprints = new HashMap<>();
        BiConsumer<CredentialInfo, String> collect = Fingerprints.collectInto(fingerprints);
        List<RowCheck> checks = credentials.checkAll(oldRing, (info, value) -> {
            ticker.tick();
            collect.accept(info, value);
        });
        ticker.done();
        List<Credential> undecryptable = new ArrayList<>();
        Set<Long> undecryptableRows = new HashSet<>();
        Map<String, Integer> byKey = new LinkedHashMap<>();
        for (RowCheck check : checks) {
            byKey.merge(check.credential().keyId(), 1, Integer::sum);
            if (!check.decrypts()) {
                undecryptable.add(Credential.of(check.credential()));
                undecryptableRows.add(check.credential().id());
            }
        }
        List<String> notices = new ArrayList<>();
        if (checks.isEmpty()) {
            notices.add("There are no stored credentials: the rotation only replaces the key.");
        }
        int onOtherKeys = (int) checks.stream().filter(check -> check.decrypts()
                && !check.credential().keyId().equals(oldRing.primaryKeyId())).count();
        if (onOtherKeys > 0) {
            notices.add(onOtherKeys + " credentials are still encrypted with an older key; they are re-encrypted too.");
        }
        Path previous = Slot.PREVIOUS.path(keyFile);
        if (!fromEnvironment && Files.exists(previous)) {
            notices.add("The grace period of the previous rotation ends: " + previous
                    + " will hold the key being replaced now.");
        }
        if (fromEnvironment) {
            notices.add("The key comes from " + current.origin().variable() + ", which SecretDesk cannot change: after "
                    + "the rotation, set it to the new key (saved owner-only in " + Slot.PENDING.path(keyFile)
                    + "); both keys work until you confirm.");
        }
        Preflight preflight = new Preflight(current.origin().describe(), oldRing.primaryKeyId(), fromEnvironment,
                checks.size(), Map.copyOf(byKey), List.copyOf(undecryptable), List.copyOf(notices));
        return new PreflightScan(preflight, Set.copyOf(undecryptableRows), fingerprints);
    }
}
