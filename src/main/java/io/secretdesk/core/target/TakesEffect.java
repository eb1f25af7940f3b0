package io.secretdesk.core.target;

/** When SimpleTuner's server sees a change, in words the console and the CLI show beside it. */
public enum TakesEffect {
    NOW("SimpleTuner uses it from its next request."),
    WITHIN_5_MINUTES("SimpleTuner uses it within 5 minutes (it caches pricing for 300 s)."),
    AFTER_RESTART("SimpleTuner uses it after its server restarts (it reads secrets once, at start).");

    private final String sentence;

    TakesEffect(String sentence) {
        this.sentence = sentence;
    }

    /** One sentence for people. */
    public String sentence() {
        return sentence;
    }

    /** SimpleTuner's rule (bghira/SimpleTuner@bc8e6ab) for {@code what}. */
    public static TakesEffect of(Target.Setting what) {
        return switch (what) {
            case PROVIDER_CONFIG, USER_CREDENTIAL -> NOW;
            case HARDWARE_PRICING -> WITHIN_5_MINUTES;
            case SECRET -> AFTER_RESTART;
        };
    }
}
