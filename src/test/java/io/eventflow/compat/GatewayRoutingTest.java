package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class GatewayRoutingTest {

    private static MockHttpServletRequest request(String accept, boolean htmx) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/events");
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        if (htmx) {
            request.addHeader("HX-Request", "true");
        }
        return request;
    }

    @Test
    void browsersAndHtmxGetThePagesEverythingElseTheApi() {
        assertThat(GatewayRouting.isForTheWebUi(request(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false), false)).isTrue();
        assertThat(GatewayRouting.isForTheWebUi(request("*/*", true), false)).isTrue();
        assertThat(GatewayRouting.isForTheWebUi(request("*/*", false), false)).isFalse();
        assertThat(GatewayRouting.isForTheWebUi(request(null, false), false)).isFalse();
        assertThat(GatewayRouting.isForTheWebUi(request("application/json", false), false)).isFalse();
        assertThat(GatewayRouting.isForTheWebUi(request("text/*", false), false)).isFalse();
        assertThat(GatewayRouting.isForTheWebUi(request("text/html;q=0", false), false)).isFalse();
        assertThat(GatewayRouting.isForTheWebUi(request("not a media type", false), false)).isFalse();
    }

    @Test
    void aBrowsersSessionWithoutATokenGetsThePagesToo() {
        MockHttpServletRequest script = request("*/*", false); // fetch() from a signed-in page
        assertThat(GatewayRouting.isForTheWebUi(script, true)).isTrue();
        MockHttpServletRequest client = request(null, false);
        client.addHeader("Authorization", "Bearer x.y.z");
        assertThat(GatewayRouting.isForTheWebUi(client, true)).isFalse();
    }

    @Test
    void onlySeed003sRoutesAreConsidered() {
        assertThat(GatewayRouting.isGatewayRoute("/events")).isTrue();
        assertThat(GatewayRouting.isGatewayRoute("/events/01a2")).isTrue();
        assertThat(GatewayRouting.isGatewayRoute("/users/me")).isTrue();
        assertThat(GatewayRouting.isGatewayRoute("/bookings/user/42")).isTrue();
        assertThat(GatewayRouting.isGatewayRoute("/events/01a2/edit")).isFalse();
        assertThat(GatewayRouting.isGatewayRoute("/users/42")).isFalse();
        assertThat(GatewayRouting.isGatewayRoute("/login")).isFalse();
        assertThat(GatewayRouting.isGatewayRoute("/api/v1/events")).isFalse();
    }
}
