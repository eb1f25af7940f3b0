package io.secretdesk.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** URLs as people may see them: without the {@code user:password@} part a configured URL may carry. */
public final class Urls {

    /** {@code scheme://user:password@} (or {@code user@} with no scheme) up to the host, by text alone. */
    private static final Pattern USER_INFO = Pattern.compile("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?)[^/?#]*@");

    private Urls() {
    }

    /**
     * {@code url} without any userinfo, even when it does not parse as a URI (a password may sit there, and may
     * hold characters a URI does not allow). Query and fragment are dropped when userinfo was present, since
     * whoever put a password in the URL may have put a token there too. Null stays null.
     */
    public static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() != null && uri.getRawUserInfo() == null) {
                return url;
            }
            if (uri.getHost() != null) {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
            }
        } catch (URISyntaxException e) {
            // falls through to the textual strip below
        }
        return USER_INFO.matcher(url).replaceFirst("$1");
    }

    /** {@link #withoutUserInfo(String)} of {@code uri}'s text; null stays null. */
    public static String withoutUserInfo(URI uri) {
        return uri == null ? null : withoutUserInfo(uri.toString());
    }
}
