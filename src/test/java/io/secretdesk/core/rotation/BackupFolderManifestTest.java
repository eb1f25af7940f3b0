package io.secretdesk.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backup manifest's hand-written JSON: laid out as Jackson lays it out, and read back as what was written. */
class BackupFolderManifestTest {

    private static Map<String, Object> manifest(String database, List<String> extraFiles) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "secretdesk-key-rotation-backup");
        json.put("version", 2);
        json.put("taken_at", "2026-12-05T20:37:15.123Z");
        json.put("key_origin", "key_file");
        json.put("key_id", "82555d721252441f");
        json.put("key_copy", true);
        json.put("to_key_id", "");
        json.put("extra_key_files", extraFiles);
        json.put("decrypt_only_key_ids", List.of());
        json.put("database", database);
        json.put("credentials", 5000);
        json.put("undecryptable", 0);
        return json;
    }

    @Test
    void writesWhatJacksonsIndentedOutputWrites() throws Exception {
        ObjectMapper jackson = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (List<String> extra : List.of(List.<String>of(), List.of("credential.key.previous"),
                List.of("credential.key.previous", "credential.key.pending"))) {
            Map<String, Object> json = manifest("/home/a \"quoted\" \\ folder/.simpletuner/console.db", extra);
            assertThat(BackupFolder.indented(json)).isEqualTo(jackson.writeValueAsString(json));
        }
    }

    @Test
    void readsBackWhatItWroteWhateverTheCharacters() throws Exception {
        Map<String, Object> json = manifest("/home/zoë/\u65e5\u672c/\ud83d\udd11\tdb\n.db", List.of("credential.key.previous"));
        assertThat(new ObjectMapper().readValue(BackupFolder.indented(json), LinkedHashMap.class)).isEqualTo(json);
    }
}
