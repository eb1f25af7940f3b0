package io.secretdesk.testing;

import com.sun.net.httpserver.HttpExchange;
import io.secretdesk.testing.PydanticLax.Field;
import io.secretdesk.testing.PydanticLax.Kind;
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP layer SimpleTuner gets from FastAPI, Starlette and uvicorn, as the test server needs it: request and
 * answer types, body and query parsing with FastAPI's 422s, the default error answers, redirect_slashes, the
 * headers every answer carries, and the bytes on the wire (including the broken ones a fault asks for).
 */
final class SimpleTunerHttp {

    /** A request as the routes see it: decoded path, last value of each query parameter, headers case-insensitive. */
    record Request(String method, String path, Map<String, String> query, TreeMap<String, String> headers, byte[] body,
                   String clientIp) {
    }

    /** An answer: status, content type, extra headers, body bytes. */
    record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {
        static Reply json(int status, Object value, PythonJson.Style style) {
            return new Reply(status, "application/json", Map.of(), PythonJson.write(value, style).getBytes(StandardCharsets.UTF_8));
        }

        /** FastAPI's {@code HTTPException} handler: {@code {"detail": ...}} written by Starlette's JSONResponse. */
        static Reply detail(int status, Object detail) {
            return json(status, Map.of("detail", detail), PythonJson.Style.STARLETTE);
        }

        /** Starlette's ServerErrorMiddleware answer to an unhandled exception. */
        static Reply internalError() {
            return new Reply(500, "text/plain; charset=utf-8", Map.of(), "Internal Server Error".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An {@code HTTPException} raised inside a route. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Reply reply;

        HttpError(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }

        static HttpError badRequest(String detail) {
            return new HttpError(Reply.detail(400, detail));
        }
    }

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY", "X-XSS-Protection", "1; mode=block",
            "Referrer-Policy", "strict-origin-when-cross-origin", "Permissions-Policy", "geolocation=(), microphone=(), camera=()");

    private SimpleTunerHttp() {
    }

    /** Starlette's redirect_slashes: the same path with or without its trailing slash, if a route has it; else 404. */
    static Reply redirectOrNotFound(HttpExchange exchange, String path, String rawQuery) {
        if (!path.equals("/")) {
            String other = path.endsWith("/") ? path.replaceAll("/+$", "") : path + "/";
            for (Route candidate : Route.values()) {
                if (candidate.match(other) != null) {
                    String host = exchange.getRequestHeaders().getFirst("Host");
                    String location = "http://" + (host == null ? "127.0.0.1" : host) + other + (rawQuery == null ? "" : "?" + rawQuery);
                    return new Reply(307, null, Map.of("Location", location), new byte[0]);
                }
            }
        }
        return Reply.detail(404, "Not Found");
    }

    /** What SimpleTuner sends for a status a fault forces, body and headers as FastAPI builds them. */
    static Reply statusReply(int status, Route route) {
        return switch (status) {
            case 401 -> new Reply(401, "application/json", Map.of("WWW-Authenticate", "Bearer"),
                    PythonJson.write(Map.of("detail", "Authentication required"), PythonJson.Style.STARLETTE).getBytes(StandardCharsets.UTF_8));
            case 403 -> Reply.detail(403, "Permission denied: " + (route == Route.USER_CREDENTIALS ? "admin.users"
                    : route != null && route.name().startsWith("AUDIT") ? "admin.audit" : "admin.config"));
            case 404 -> Reply.detail(404, "Not Found");
            case 405 -> Reply.detail(405, "Method Not Allowed");
            case 422 -> Reply.detail(422, List.of());
            case 429 -> new Reply(429, "application/json", Map.of("Retry-After", "60", "X-RateLimit-Remaining", "0"),
                    PythonJson.write(Map.of("detail", "Rate limit exceeded. Please try again later."), PythonJson.Style.STARLETTE)
                            .getBytes(StandardCharsets.UTF_8));
            case 500 -> Reply.internalError();
            default -> Reply.detail(status, reason(status));
        };
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    static void send(HttpExchange exchange, Reply reply, Fault fault) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("server", "uvicorn");
        headers.set("date", DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(Instant.now()));
        SECURITY_HEADERS.forEach(headers::set);
        if (reply.contentType() != null) {
            headers.set("content-type", reply.contentType());
        }
        reply.headers().forEach(headers::set);
        byte[] body = reply.body();
        if (exchange.getRequestMethod().equals("HEAD") || body.length == 0) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        Fault.Kind kind = fault == null ? null : fault.kind;
        if (kind == Fault.Kind.TRUNCATED_JSON) {
            body = Arrays.copyOf(body, body.length / 2);
        }
        if (kind == Fault.Kind.DROP_MID_BODY) {
            exchange.sendResponseHeaders(reply.status(), body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // Closing short of the declared length makes the server drop the connection: the client sees an early EOF.
            return;
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@code parse_qsl(keep_blank_values=True)} as Starlette reads it, the last value of a repeated name winning. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = unquotePlus(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unquotePlus(pair.substring(eq + 1));
            out.put(name, value);
        }
        return out;
    }

    /** {@code unquote_plus}, which leaves a malformed escape as it is where URLDecoder would throw. */
    private static String unquotePlus(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text.replace('+', ' ');
        }
    }

    /**
     * A request offering a protocol switch other than WebSocket, as the JDK's HttpClient does by default on plain
     * http ({@code Connection: Upgrade, HTTP2-Settings} and {@code Upgrade: h2c}). uvicorn with httptools — what
     * {@code fastapi[standard]} installs and SimpleTuner runs — logs "Unsupported upgrade request." and hands the app
     * an empty body (Kludex/uvicorn#2722, open): FastAPI then answers 422 "Field required" at ["body"].
     */
    static boolean asksForUnsupportedUpgrade(Map<String, String> headers) {
        String upgrade = headers.get("Upgrade");
        String connection = headers.getOrDefault("Connection", "");
        return upgrade != null && !upgrade.equalsIgnoreCase("websocket")
                && Arrays.stream(connection.split(",")).anyMatch(token -> token.strip().equalsIgnoreCase("upgrade"));
    }

    /** {@code get_client_ip}: first X-Forwarded-For entry, else X-Real-IP, else the socket's address. */
    static String clientIp(HttpExchange exchange, Map<String, String> headers) {
        String forwarded = headers.get("X-Forwarded-For");
        if (forwarded != null && !forwarded.isEmpty()) {
            return forwarded.split(",")[0].strip();
        }
        String realIp = headers.get("X-Real-IP");
        if (realIp != null && !realIp.isEmpty()) {
            return realIp;
        }
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    // ---------------------------------------------------------------------------------------------
    // FastAPI request plumbing

    /**
     * The body as FastAPI reads it (routing.py 433-465 at FastAPI 0.141): JSON only with an application/json (or
     * +json) content type, bytes otherwise; then the model's validation.
     */
    static Map<String, Object> jsonBody(Request request, List<Field> model, List<PydanticLax.Error> errors) {
        byte[] bytes = request.body();
        if (bytes.length == 0) {
            return PydanticLax.body(null, false, model, errors);
        }
        String contentType = request.headers().getOrDefault("Content-Type", "");
        String mediaType = contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!(mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json")))) {
            return PydanticLax.body(text, true, model, errors);
        }
        try {
            return PydanticLax.body(PythonJson.parse(text), true, model, errors);
        } catch (PythonJson.ParseError e) {
            throw new HttpError(Reply.json(422, Map.of("detail", List.of(new PydanticLax.Error("json_invalid",
                    List.of("body", e.position), "JSON decode error", Map.of(), Map.of("error", e.pythonMessage)).toJson())),
                    PythonJson.Style.STARLETTE));
        }
    }

    static Long queryInt(Request request, String name, Long dflt, Long ge, Long le, List<PydanticLax.Error> errors) {
        String raw = request.query().get(name);
        if (raw == null) {
            return dflt;
        }
        Object value = PydanticLax.coerce(new Field(name, Kind.INT, false, ge, le), raw, List.of("query", name), errors);
        return value == PydanticLax.INVALID ? null : (Long) value;
    }

    static Reply validationError(List<PydanticLax.Error> errors) {
        return Reply.json(422, Map.of("detail", errors.stream().map(PydanticLax.Error::toJson).toList()), PythonJson.Style.STARLETTE);
    }

    /** Python truthiness for the values these routes test with a bare {@code if}. */
    static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }
}
