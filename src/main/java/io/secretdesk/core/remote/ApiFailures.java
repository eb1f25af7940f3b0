package io.secretdesk.core.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.core.Urls;
import io.secretdesk.core.target.TargetException;
import io.secretdesk.core.target.TargetException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * What a non-2xx answer from SimpleTuner means, in one line for people. FastAPI's error bodies are
 * {@code {"detail": ...}} (text, or a list of validation errors); only their wording is used, never an {@code input}
 * they echo (it may be a token the request carried), and text after a colon is dropped (SimpleTuner's 400 messages
 * put the refused value there).
 */
final class ApiFailures {

    private static final int MAX_DETAIL = 160;

    private ApiFailures() {
    }

    static TargetException forStatus(String server, Http.Call call, Http.Answer answer) {
        int status = answer.status();
        String where = server + ": " + call.route() + " ";
        String detail = detail(answer);
        return switch (status) {
            case 400 -> new TargetException(Reason.INVALID_INPUT, where + "was refused (400" + (detail.isEmpty() ? ""
                    : ": " + detail) + "); nothing was changed on the server");
            case 401 -> new TargetException(Reason.DENIED, where + "was refused (401): the server has users and did not "
                    + "accept the API key SecretDesk holds for it (none stored, wrong, revoked, expired, or its user was "
                    + "removed); create a key in SimpleTuner and store it with 'secretdesk servers add " + server
                    + " --replace'");
            case 403 -> new TargetException(Reason.DENIED, where + "was refused (403" + (detail.isEmpty() ? ""
                    : ": " + detail) + "): the API key is valid but its user lacks the permission (admin.audit for the "
                    + "audit log, admin.users for user credentials) or is inactive; use an admin's key");
            case 404 -> detail.equals("Not Found")
                    ? new TargetException(Reason.UNSUPPORTED, where + "is not a route of this server (404): it is not "
                            + "SimpleTuner's API at this URL, or a SimpleTuner version without it; check the URL and the "
                            + "version ('secretdesk servers check')")
                    : new TargetException(Reason.NOT_FOUND, where + "found nothing (404" + (detail.isEmpty() ? ""
                            : ": " + detail) + ")");
            case 405 -> new TargetException(Reason.UNSUPPORTED, where + "is not allowed by this server (405): a "
                    + "SimpleTuner version with other routes; check 'secretdesk servers check'");
            case 307, 308, 301, 302, 303 -> new TargetException(Reason.FAILED, where + "was redirected (" + status
                    + (answer.location() == null ? "" : " to " + Urls.withoutUserInfo(answer.location()))
                    + "); SecretDesk does not follow redirects (the API key would go along): fix the base URL");
            case 422 -> new TargetException(Reason.INVALID_INPUT, where + "was refused as invalid (422: "
                    + validation(answer) + "); nothing was changed on the server");
            case 429 -> new TargetException(Reason.FAILED, where + "was rate-limited (429); try again in a minute");
            case 500 -> new TargetException(Reason.FAILED, where + "failed inside SimpleTuner (500 Internal Server "
                    + "Error); its server log says why. Nothing is known to have changed");
            case 502, 503, 504 -> new TargetException(Reason.UNREACHABLE, where + "got " + status + " from a proxy in "
                    + "front of SimpleTuner: the server behind it is down or restarting");
            default -> new TargetException(Reason.FAILED, where + "answered " + status + (detail.isEmpty() ? ""
                    : " (" + detail + ")"));
        };
    }

    /** FastAPI's text {@code detail}, cut at its first colon and to 160 characters; "" when there is none. */
    static String detail(Http.Answer answer) {
        JsonNode detail = body(answer).path("detail");
        if (!detail.isTextual()) {
            return "";
        }
        String text = detail.asText();
        int colon = text.indexOf(':');
        // "Permission denied: admin.audit" names a permission, not a value: keep it.
        if (colon >= 0 && !text.startsWith("Permission denied:")) {
            text = text.substring(0, colon);
        }
        return printable(text);
    }

    /** A 422's errors as "loc: msg" pairs (at most three), without the input they echo. */
    static String validation(Http.Answer answer) {
        JsonNode detail = body(answer).path("detail");
        if (!detail.isArray() || detail.isEmpty()) {
            return "the request did not fit the server's model";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode error : detail) {
            if (parts.size() == 3) {
                parts.add("and " + (detail.size() - 3) + " more");
                break;
            }
            List<String> loc = new ArrayList<>();
            error.path("loc").forEach(step -> {
                if (!step.asText().equals("body")) {
                    loc.add(step.asText());
                }
            });
            parts.add(printable(String.join(".", loc)) + ": " + printable(error.path("msg").asText("invalid")));
        }
        return String.join("; ", parts);
    }

    private static JsonNode body(Http.Answer answer) {
        try {
            JsonNode node = Http.JSON.readTree(answer.body());
            return node == null ? Http.JSON.missingNode() : node;
        } catch (java.io.IOException e) {
            return Http.JSON.missingNode();
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX_DETAIL).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip();
    }
}
