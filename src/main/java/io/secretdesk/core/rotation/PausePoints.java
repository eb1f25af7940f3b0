package io.secretdesk.core.rotation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Named points in a rotation where a crash test can freeze the process before killing it.
 *
 * <p>Inert unless the system property {@value #PROPERTY} names the point reached: then the marker file
 * named by {@value #MARKER_PROPERTY} is created (so the test knows where the process stands) and the thread
 * parks for good, holding whatever it holds (a transaction, the rotation lock) until the process is killed.
 */
final class PausePoints {

    static final String PROPERTY = "secretdesk.rotation.pauseAt";
    static final String MARKER_PROPERTY = "secretdesk.rotation.pauseMarker";

    private PausePoints() {
    }

    static void reach(String point) {
        if (!point.equals(System.getProperty(PROPERTY))) {
            return;
        }
        String marker = System.getProperty(MARKER_PROPERTY);
        if (marker != null) {
            try {
                Files.writeString(Path.of(marker), point);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the pause marker " + marker, e);
            }
        }
        while (true) {
            LockSupport.park(PausePoints.class);
        }
    }
}
