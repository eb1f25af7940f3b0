package io.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatchTest {

    @TempDir
    Path dir;

    private final List<Runnable> fxQueue = new ArrayList<>();
    private final List<List<Path>> reported = new ArrayList<>();

    private void runFx() {
        List<Runnable> queued = List.copyOf(fxQueue);
        fxQueue.clear();
        queued.forEach(Runnable::run);
    }

    private static void replaceAtomically(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "w", ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void reportsAFileCreatedReplacedOrDeletedOutsideTheConsoleOnce() throws IOException {
        Path json = dir.resolve("secrets.json");
        Path yaml = dir.resolve("secrets.yaml");
        FileWatch watch = new FileWatch(List.of(json, yaml), fxQueue::add, reported::add);

        watch.poll();
        runFx();
        assertThat(reported).as("nothing changed").isEmpty();

        Files.writeString(json, "{\"A\": \"1\"}");
        watch.poll();
        runFx();
        assertThat(reported).containsExactly(List.of(json));

        watch.poll();
        runFx();
        assertThat(reported).as("reported once").hasSize(1);

        replaceAtomically(json, "{\"A\": \"2\"}"); // same size: the new file's identity tells it apart
        watch.poll();
        runFx();
        assertThat(reported).hasSize(2).last().isEqualTo(List.of(json));

        Files.delete(json);
        watch.poll();
        runFx();
        assertThat(reported).hasSize(3).last().isEqualTo(List.of(json));
    }

    @Test
    void theConsolesOwnWriteIsNotNewsEvenWhenAPollRacedWithIt() throws IOException {
        Path json = dir.resolve("secrets.json");
        Files.writeString(json, "{}");
        FileWatch watch = new FileWatch(List.of(json), fxQueue::add, reported::add);

        replaceAtomically(json, "{\"OWN\": \"write\"}");
        watch.poll();            // the poll saw the write before the console said it was its own
        watch.rebaseline();      // the console's write finished (on the FX thread)
        runFx();
        assertThat(reported).isEmpty();

        replaceAtomically(json, "{\"OWN\": \"again\"}");
        watch.rebaseline();
        watch.poll();
        runFx();
        assertThat(reported).isEmpty();
    }
}
