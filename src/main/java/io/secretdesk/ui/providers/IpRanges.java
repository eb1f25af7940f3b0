package io.secretdesk.ui.providers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks the entries of a webhook's allowed-IP list: an IPv4 or IPv6 address, or a CIDR range of one. */
final class IpRanges {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** Only hex digits, colons and dots: a string InetAddress parses as a literal, never looks up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");

    private IpRanges() {
    }

    /** Why {@code entry} is not an address or CIDR range, in one line; empty when it is one. */
    static Optional<String> problem(String entry) {
        String text = entry == null ? "" : entry.strip();
        if (text.isEmpty()) {
            return Optional.of("Enter an IP address or CIDR range, e.g. 203.0.113.7 or 10.0.0.0/8.");
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Integer prefix = null;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!PREFIX.matcher(bits).matches()) {
                return Optional.of("'" + text + "' has no prefix length after '/': write e.g. 10.0.0.0/8.");
            }
            prefix = Integer.parseInt(bits);
        }
        if (IPV4.matcher(address).matches()) {
            return prefix != null && prefix > 32
                    ? Optional.of("'" + text + "': an IPv4 prefix length is 0 to 32.")
                    : Optional.empty();
        }
        if (address.indexOf(':') >= 0 && IPV6.matcher(address).matches() && isLiteral(address)) {
            return prefix != null && prefix > 128
                    ? Optional.of("'" + text + "': an IPv6 prefix length is 0 to 128.")
                    : Optional.empty();
        }
        return Optional.of("'" + text + "' is not an IP address or CIDR range (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32).");
    }

    private static boolean isLiteral(String address) {
        try {
            // A string with a colon that starts with a hex digit or colon is parsed as a literal: no DNS.
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
