package io.secretdesk.core.secrets.file;

/** A secrets file could not be parsed; says what and where (line and column, 1-based; 0 when unknown). */
final class MalformedSecretsFileException extends Exception {

    private final int line;
    private final int column;

    MalformedSecretsFileException(String what, int line, int column) {
        super(line > 0 ? what + " (line " + line + ", column " + column + ")" : what);
        this.line = line;
        this.column = column;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }
}
