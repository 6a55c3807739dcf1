package io.eventflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    private static WebhookProperties settings(boolean allowPrivate, List<String> allowed) {
        return new WebhookProperties(allowPrivate, allowed, null, null, null, null, null, null, null, null, null, null);
    }

    private final AddressGuard guard = new AddressGuard(settings(false, List.of()));

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1/hook", "http://127.1.2.3:8080/", "http://169.254.169.254/latest/meta-data",
            "http://[::1]/hook", "http://[fe80::1]/", "http://10.0.0.7/", "http://172.16.0.1/", "http://172.31.255.255/",
            "http://192.168.1.1/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://100.64.0.1/",
            "http://100.127.255.254/", "http://224.0.0.1/", "http://0.0.0.0/", "http://[::]/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a00:1]/",
            "http://255.255.255.255/", "https://localhost/hook", "http://2130706433/" })
    void refusesAddressesOutsideThePublicInternet(String url) {
        assertThat(guard.refusal(url)).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://93.184.215.14/hook", "https://8.8.8.8/", "http://172.32.0.1/", "http://100.128.0.1/",
            "http://[2606:4700::1111]/", "http://172.15.255.255/" })
    void letsPublicAddressesThrough(String url) {
        assertThat(guard.refusal(url)).as(url).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://93.184.215.14/", "file:///etc/passwd", "gopher://8.8.8.8/", "//8.8.8.8/x",
            "http:///nohost", "http://user:pass@8.8.8.8/", "http://8.8.8.8/#frag", "not a url", "http://8.8.8.8:99999/" })
    void refusesWhatIsNotAPlainHttpUrl(String url) {
        assertThatThrownBy(() -> AddressGuard.parse(url)).isInstanceOf(AddressGuard.Refused.class);
    }

    @Test
    void namesTheKindOfAddressItRefuses() {
        assertThat(guard.refusal("http://169.254.169.254/")).contains(
                "resolves to a link-local address 169.254.169.254, which webhooks may not reach");
        assertThat(guard.refusal("http://localhost/")).get().asString().contains("loopback");
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        AddressGuard guard = new AddressGuard(settings(false, List.of()), host -> {
            throw new UnknownHostException(host);
        });
        assertThat(guard.refusal("https://hooks.example.invalid/")).contains("host hooks.example.invalid does not resolve");
    }

    @Test
    void refusesANameReboundToLoopbackAfterItWasChecked() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AddressGuard guard = new AddressGuard(settings(false, List.of()), host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1") });
        guard.check("https://rebind.example.com/hook"); // at registration: public
        assertThat(guard.refusal("https://rebind.example.com/hook")).get().asString().contains("loopback");
    }

    @Test
    void refusesANameWithOnePrivateAddressAmongPublicOnes() throws Exception {
        AddressGuard guard = new AddressGuard(settings(false, List.of()), host -> new InetAddress[] {
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.1") });
        assertThat(guard.refusal("https://mixed.example.com/")).get().asString().contains("10.0.0.1");
    }

    @Test
    void allowsPrivateAddressesWhenConfigured() {
        AddressGuard open = new AddressGuard(settings(true, List.of()));
        assertThat(open.refusal("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(open.refusal("ftp://127.0.0.1/")).isPresent();
    }

    @Test
    void allowsListedHostsAndAddressBlocksOnly() {
        AddressGuard listed = new AddressGuard(settings(false, List.of("localhost", "10.1.2.0/24", "fd00::/8")));
        assertThat(listed.refusal("http://localhost:9000/")).isEmpty();
        assertThat(listed.refusal("http://10.1.2.200/")).isEmpty();
        assertThat(listed.refusal("http://10.1.3.1/")).isPresent();
        assertThat(listed.refusal("http://[fd00::5]/")).isEmpty();
        assertThat(listed.refusal("http://127.0.0.1/")).isPresent();
    }

    @Test
    void refusesAnAllowListEntryThatIsNeitherNameNorBlock() {
        assertThatThrownBy(() -> new AddressGuard(settings(false, List.of("10.0.0.0/40"))))
                .hasMessageContaining("eventflow.webhook.allowed-hosts: '10.0.0.0/40'");
        assertThatThrownBy(() -> new AddressGuard(settings(false, List.of("example.com/24"))))
                .hasMessageContaining("neither a host name nor an address block");
    }

    @Test
    void leasesEachAttemptLongerThanItsTimeouts() {
        WebhookProperties p = settings(false, List.of());
        assertThat(p.lease()).isGreaterThan(p.connectTimeout().plus(p.readTimeout())).isLessThan(Duration.ofMinutes(10));
    }
}
