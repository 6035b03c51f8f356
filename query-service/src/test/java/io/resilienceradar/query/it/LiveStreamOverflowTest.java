package io.resilienceradar.query.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of transitions (as a rulebook change emits) on the real broker, watched by an SSE client that does not
 * read: once it is more than {@code radar.live.buffer} (200 in tests) behind, its stream ends with an 'overflow'
 * event naming the last transition it was sent, and {@code GET /changes?after=} hands it every one it missed.
 */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "query"))
class LiveStreamOverflowTest {
    private static final int BURST = 4000;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aClientThatFallsBehindABurstIsToldWhereToResumeAndLosesNothing() throws Exception {
        String code = Fixtures.newTownCode();
        TownProfile town = Fixtures.profile(code, "Burstwick", "Yorkshire and The Humber", "Small", false, 1,
                Instant.now(), "rb/2026/1", List.of(), List.of());
        try (Socket client = new Socket()) {
            // a small receive window, and nothing read until the burst is over: the slowest possible client
            client.setReceiveBufferSize(4096);
            client.setSoTimeout(60_000);
            client.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            client.getOutputStream().write(("GET /changes/stream?town=" + code + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            Subscribed subscribed = awaitSubscribed(client, town);

            List<String> published = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                String id = "burst-" + code + "-" + i;
                published.add(id);
                Fixtures.publishAsync(Fixtures.change(id, town, Fixtures.LETTERS[i % 14],
                        i % 2 == 0 ? Membership.NONE : Membership.FULL, i % 2 == 0 ? Membership.FULL : Membership.NONE,
                        "rb/2026/1"));
            }
            Fixtures.flush();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(given().queryParam("town", code).queryParam("limit", 1).get("/changes")
                            .then().statusCode(200).extract().jsonPath().getInt("total")).isEqualTo(BURST + subscribed.markers().size()));

            Stream stream = Stream.parse(body(readToEnd(subscribed.read(), client.getInputStream())));
            List<String> received = stream.ids.stream().filter(id -> id.startsWith("burst-")).toList();
            assertThat(received).as("what was sent is the burst's beginning, in order, without gaps")
                    .isEqualTo(published.subList(0, received.size()));
            assertThat(received).as("the client took the burst's beginning but not all of it").isNotEmpty()
                    .hasSizeLessThan(BURST);
            assertThat(stream.lastEventName).as("the stream ends with an overflow event").isEqualTo("overflow");
            JsonPath overflow = JsonPath.from(stream.lastData);
            String last = received.get(received.size() - 1);
            assertThat(overflow.getString("lastEventId")).isEqualTo(last);
            assertThat(overflow.getString("resume")).startsWith("/changes?after=" + last).contains("town=" + code);

            // resuming from the list misses nothing
            List<String> rest = new ArrayList<>();
            int offset = 0;
            while (true) {
                JsonPath page = given().queryParam("after", last).queryParam("town", code).queryParam("offset", offset)
                        .queryParam("limit", 1000).get("/changes").then().statusCode(200).extract().jsonPath();
                List<String> ids = page.getList("items.eventId", String.class);
                rest.addAll(ids);
                offset += ids.size();
                if (ids.isEmpty() || offset >= page.getInt("total")) {
                    break;
                }
            }
            List<String> all = new ArrayList<>(received);
            all.addAll(rest);
            assertThat(all).isEqualTo(published);
        }
        given().queryParam("after", "no-such-event").get("/changes").then().statusCode(400)
                .contentType("application/problem+json");
    }

    /**
     * The stream carries only what is committed after it is open: publish a marker transition (again, every half
     * second) until one arrives on the client. @return the markers published and what was read after the headers
     */
    private static Subscribed awaitSubscribed(Socket client, TownProfile town) throws IOException {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        client.setSoTimeout(500);
        List<String> markers = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!seen.toString(StandardCharsets.UTF_8).contains("id:marker-") && System.nanoTime() < deadline) {
            if (seen.size() > 0 || markers.isEmpty()) { // headers arrived (or first try): the stream may be subscribed
                String marker = "marker-" + town.townCode() + "-" + markers.size();
                markers.add(marker);
                Fixtures.publish(Fixtures.change(marker, town, "A", Membership.NONE, Membership.PARTIAL, "rb/2026/1"));
            }
            try {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("stream closed before a marker arrived: " + seen);
                }
                seen.write(buf, 0, n);
            } catch (SocketTimeoutException notYet) {
                // publish another marker
            }
        }
        client.setSoTimeout(60_000);
        return new Subscribed(markers, seen.toByteArray());
    }

    private record Subscribed(List<String> markers, byte[] read) {
    }

    /** The whole response: the server ends the stream after the overflow event (and closes: Connection: close). */
    private static byte[] readToEnd(byte[] alreadyRead, InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(alreadyRead);
        try {
            in.transferTo(out);
        } catch (SocketTimeoutException e) {
            String t = out.toString(StandardCharsets.UTF_8);
            throw new AssertionError("the stream did not end; last read: " + t.substring(Math.max(0, t.length() - 1500)));
        }
        return out.toByteArray();
    }

    /** The body of an HTTP/1.1 response with chunked transfer encoding. */
    private static String body(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1); // one char per byte: indexes are offsets
        int i = text.indexOf("\r\n\r\n") + 4;
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        while (i < text.length()) {
            int eol = text.indexOf("\r\n", i);
            int size = Integer.parseInt(text.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            payload.write(response, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return payload.toString(StandardCharsets.UTF_8);
    }

    /** The events of an SSE payload: their ids in order, and the name and data of the last one. */
    private record Stream(List<String> ids, String lastEventName, String lastData) {
        static Stream parse(String payload) {
            List<String> ids = new ArrayList<>();
            String name = null;
            String data = null;
            for (String event : payload.split("\n\n")) {
                if (event.isBlank()) {
                    continue;
                }
                name = "message";
                data = "";
                for (String line : event.split("\n")) {
                    if (line.startsWith("id:")) {
                        ids.add(line.substring(3).trim());
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data = line.substring(5).trim();
                    }
                }
            }
            return new Stream(ids, name, data);
        }
    }

}
