package io.secretdesk.testing;

import com.sun.net.httpserver.HttpExchange;
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Gate;
import io.secretdesk.testing.SimpleTunerApiServer.RecordedRequest;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import io.secretdesk.testing.SimpleTunerHttp.HttpError;
import io.secretdesk.testing.SimpleTunerHttp.Reply;
import io.secretdesk.testing.SimpleTunerHttp.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How the test server takes one HTTP exchange: log it, match a route (or answer 405, a slash redirect or 404 as
 * Starlette does), apply the fault or gate set for it, run the route under the state lock, and send the answer.
 */
final class SimpleTunerExchanges {

    private static final String HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
            + "<body><form method=\"post\" action=\"/login\"><input name=\"user\"></form></body></html>\n";
    private final SimpleTunerState state;
    private final SimpleTunerRoutes routes;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<Route, Fault> faults = new EnumMap<>(Route.class);   // guarded by faults
    private final Map<Route, Gate> gates = new EnumMap<>(Route.class);     // guarded by faults
    private final Map<Route, Semaphore> answered = new EnumMap<>(Route.class);
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Fault faultForAll;
    private volatile Gate gateForAll;
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);
    volatile boolean upgradeDropsBody = true;

    SimpleTunerExchanges(SimpleTunerState state, SimpleTunerRoutes routes) {
        this.state = state;
        this.routes = routes;
        for (Route route : Route.values()) {
            answered.put(route, new Semaphore(0));
        }
    }

    void fail(Route route, Fault fault) {
        synchronized (faults) {
            faults.put(route, fault);
        }
    }

    void failAll(Fault fault) {
        faultForAll = fault;
    }

    /** A new gate for {@code route}, or for every request when null. */
    Gate hold(Route route) {
        Gate gate = new Gate();
        if (route == null) {
            gateForAll = gate;
        } else {
            synchronized (faults) {
                gates.put(route, gate);
            }
        }
        return gate;
    }

    void clearFaults() {
        synchronized (faults) {
            faults.clear();
            gates.clear();
        }
        faultForAll = null;
        gateForAll = null;
        CountDownLatch released = hangRelease;
        hangRelease = new CountDownLatch(1);
        released.countDown();
    }

    /** Releases every held, hanging or delayed request: they end without an answer. */
    void close() {
        closing.countDown();
        hangRelease.countDown();
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    boolean awaitAnswered(Route route, int count, Duration timeout) throws InterruptedException {
        return answered.get(route).tryAcquire(count, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            Route route = null;
            Map<String, String> params = null;
            Route partial = null;
            for (Route candidate : Route.values()) {
                Map<String, String> matched = candidate.match(path);
                if (matched != null && candidate.method.equals(method)) {
                    route = candidate;
                    params = matched;
                    break;
                }
                if (matched != null && partial == null) {
                    partial = candidate;
                }
            }
            TreeMap<String, String> recorded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            recorded.putAll(headers);
            requests.add(new RecordedRequest(route, method, path, rawQuery, Collections.unmodifiableMap(recorded),
                    new String(body, StandardCharsets.UTF_8)));

            Fault fault;
            Gate gate;
            synchronized (faults) {
                fault = route != null && faults.containsKey(route) ? faults.get(route) : faultForAll;
                gate = route != null && gates.containsKey(route) ? gates.get(route) : gateForAll;
            }
            if (gate != null && !gate.pass(closing)) {
                return;
            }
            if (fault != null && fault.kind == Fault.Kind.HANG) {
                CountDownLatch release = hangRelease;
                while (!release.await(50, TimeUnit.MILLISECONDS) && closing.getCount() > 0) {
                    // hold the connection open without answering
                }
                return;
            }
            if (fault != null && fault.kind == Fault.Kind.DELAY && closing.await(fault.delay.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            Reply reply;
            if (fault != null && fault.kind == Fault.Kind.STATUS) {
                reply = SimpleTunerHttp.statusReply(fault.status, route);
            } else if (fault != null && fault.kind == Fault.Kind.HTML) {
                reply = new Reply(fault.status, "text/html; charset=utf-8", Map.of(), HTML_PAGE.getBytes(StandardCharsets.UTF_8));
            } else if (route != null) {
                byte[] delivered = upgradeDropsBody && SimpleTunerHttp.asksForUnsupportedUpgrade(headers) ? new byte[0] : body;
                Request request = new Request(method, path, SimpleTunerHttp.query(rawQuery), headers, delivered,
                        SimpleTunerHttp.clientIp(exchange, headers));
                reply = answer(route, params, request);
                answered.get(route).release();
            } else if (partial != null) {
                reply = new Reply(405, "application/json", Map.of("Allow", partial.method),
                        PythonJson.write(Map.of("detail", "Method Not Allowed"), PythonJson.Style.STARLETTE).getBytes(StandardCharsets.UTF_8));
            } else {
                reply = SimpleTunerHttp.redirectOrNotFound(exchange, path, rawQuery);
            }
            SimpleTunerHttp.send(exchange, reply, fault);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Reply answer(Route route, Map<String, String> params, Request request) {
        synchronized (state) {
            try {
                return routes.handle(route, params, request);
            } catch (HttpError e) {
                return e.reply;
            } catch (RuntimeException e) {
                return Reply.internalError();
            }
        }
    }
}
