package io.secretdesk.core.secrets.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What identifies one version of a file without reading it: identity (inode), size, and modification and
 * change times. An atomic replace changes the inode; an in-place edit changes the times and usually the size.
 */
record FileStamp(Object fileKey, long size, long modifiedNanos, long changedNanos) {

    static FileStamp of(Path path) throws IOException {
        try {
            Map<String, Object> unix = Files.readAttributes(path, "unix:ino,dev,size,lastModifiedTime,ctime");
            return new FileStamp(unix.get("dev") + ":" + unix.get("ino"), (Long) unix.get("size"),
                    nanos((FileTime) unix.get("lastModifiedTime")), nanos((FileTime) unix.get("ctime")));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileStamp(basic.fileKey(), basic.size(), nanos(basic.lastModifiedTime()), 0);
        }
    }

    private static long nanos(FileTime time) {
        return time == null ? 0 : time.to(TimeUnit.NANOSECONDS);
    }
}
