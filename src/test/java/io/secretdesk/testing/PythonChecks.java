package io.secretdesk.testing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Python standard-library checks SimpleTuner's provider routes apply to strings: {@code urllib.parse.urlparse}'s
 * scheme and netloc, {@code ipaddress.ip_address} / {@code ip_network(strict=False)}, {@code str.strip()}, and
 * {@code Path.expanduser().resolve()} against the test server's pretend file system. Compared with Python itself by
 * {@code SimpleTunerApiServerTest}.
 */
final class PythonChecks {

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+\\-.]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HEXTET = Pattern.compile("[0-9A-Fa-f]{1,4}");

    /** {@code urlsplit}'s scheme (lower-cased) and netloc; ValueError text "Invalid IPv6 URL" as an exception. */
    record Url(String scheme, String netloc) {
    }

    private PythonChecks() {
    }

    static Url urlparse(String url) {
        int start = 0;
        while (start < url.length() && url.charAt(start) <= ' ') {
            start++;
        }
        String rest = url.substring(start).replace("\t", "").replace("\r", "").replace("\n", "");
        String scheme = "";
        int colon = rest.indexOf(':');
        if (colon > 0 && SCHEME.matcher(rest.substring(0, colon)).matches()) {
            scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
            rest = rest.substring(colon + 1);
        }
        String netloc = "";
        if (rest.startsWith("//")) {
            int end = rest.length();
            for (char delimiter : new char[] {'/', '?', '#'}) {
                int at = rest.indexOf(delimiter, 2);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            netloc = rest.substring(2, end);
            if (netloc.contains("[") != netloc.contains("]")) {
                throw new IllegalArgumentException("Invalid IPv6 URL");
            }
        }
        return new Url(scheme, netloc);
    }

    /** What SimpleTuner's allow-list check accepts: {@code ip_network(s, strict=False)} with "/", else {@code ip_address(s)}. */
    static boolean validIpOrCidr(String text) {
        if (!text.contains("/")) {
            return ipv4(text) || ipv6(text, true);
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            return false;
        }
        if (ipv4(parts[0])) {
            return prefix(parts[1], 32) || ipv4Mask(parts[1]);
        }
        return ipv6(parts[0], true) && prefix(parts[1], 128);
    }

    private static boolean prefix(String text, int max) {
        if (!DIGITS.matcher(text).matches() || text.length() > 3) {
            return false;
        }
        return Integer.parseInt(text) <= max;
    }

    private static boolean ipv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!DIGITS.matcher(octet).matches() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** A dotted netmask (ones then zeros) or hostmask (zeros then ones), as {@code IPv4Network} accepts after "/". */
    private static boolean ipv4Mask(String text) {
        if (!ipv4(text)) {
            return false;
        }
        long value = 0;
        for (String octet : text.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        long inverted = ~value & 0xFFFFFFFFL;
        return isLowOnes(inverted) || isLowOnes(value);
    }

    private static boolean isLowOnes(long v) {
        return (v & (v + 1)) == 0;
    }

    private static boolean ipv6(String text, boolean allowScope) {
        String address = text;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            if (!allowScope || percent == text.length() - 1 || text.indexOf('/') >= 0) {
                return false;
            }
            address = text.substring(0, percent);
        }
        String[] parts = address.split(":", -1);
        if (parts.length < 3 || parts.length > 9) {
            return false;
        }
        int hextets = 0;
        boolean ipv4Tail = parts[parts.length - 1].contains(".");
        if (ipv4Tail) {
            if (!ipv4(parts[parts.length - 1])) {
                return false;
            }
            hextets += 2;
            parts = java.util.Arrays.copyOf(parts, parts.length - 1);
            if (parts.length < 2) {
                return false;
            }
        }
        int skip = -1;
        for (int i = 1; i < parts.length - 1; i++) {
            if (parts[i].isEmpty()) {
                if (skip >= 0) {
                    return false;
                }
                skip = i;
            }
        }
        int first = 0;
        int last = parts.length;
        if (skip >= 0) {
            if (parts[0].isEmpty() && skip != 1) {
                return false;
            }
            if (parts[parts.length - 1].isEmpty() && skip != parts.length - 2 && !ipv4Tail) {
                return false;
            }
            first = parts[0].isEmpty() ? 1 : 0;
            last = parts[parts.length - 1].isEmpty() && !ipv4Tail ? parts.length - 1 : parts.length;
        } else if (parts[0].isEmpty() || (parts[parts.length - 1].isEmpty() && !ipv4Tail)) {
            return false;
        }
        for (int i = first; i < last; i++) {
            if (i == skip) {
                continue;
            }
            if (!HEXTET.matcher(parts[i]).matches()) {
                return false;
            }
            hextets++;
        }
        return skip >= 0 ? hextets < 8 : hextets == 8;
    }

    /** Python's {@code str.strip()}: every character {@code str.isspace()} calls whitespace, from both ends. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    /** {@code Path(p).expanduser().resolve()} on the server, whose home and working folder are {@code home}. */
    static String resolve(String path, String home) {
        String expanded = path.equals("~") ? home : path.startsWith("~/") ? home + path.substring(1) : path;
        String absolute = expanded.startsWith("/") ? expanded : home + "/" + expanded;
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : absolute.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
