package io.secretdesk.core.rotation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Named points in a rotation where a crash test can freeze the process before killing it.
 *
 * <p>Inert unless the system property {@value #PROPERTY} names the point reached: then the marker file
 * named by {@value #MARKER_PROPERTY} appears, whole (so the test knows where the process stands) and the thread
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
                // Written beside it and moved into place, so the test never reads a marker that is still empty.
                Path target = Path.of(marker);
                Path written = Files.writeString(target.resolveSibling(target.getFileName() + ".tmp"), point);
                Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the pause marker " + marker, e);
            }
        }
        while (true) {
            LockSupport.park(PausePoints.class);
        }
    }
}
