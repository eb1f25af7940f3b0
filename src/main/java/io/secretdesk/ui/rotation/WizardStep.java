package io.secretdesk.ui.rotation;

/** The Key Rotation wizard's pages, in order (see {@link WizardViewModel}). */
public enum WizardStep {
    PREFLIGHT("Preflight"), NEW_KEY("New key"), BACKUP("Backup"), REENCRYPT("Re-encrypt"), VERIFY("Verify"),
    COMMIT("Commit"), SUMMARY("Summary");

    private final String title;

    WizardStep(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
