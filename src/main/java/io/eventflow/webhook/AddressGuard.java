package io.eventflow.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Keeps webhooks out of the network EventFlow runs in (SSRF): an endpoint's host is resolved at registration and again
 * before every delivery (a name may be re-pointed after it was checked: DNS rebinding), and every address it resolves
 * to must be public — not loopback, link-local (169.254/16, where clouds answer metadata requests; fe80::/10), private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), CGNAT (100.64/10), multicast, unspecified or otherwise reserved — unless
 * {@code allow-private-addresses} or {@code allowed-hosts} says so.
 * <p>
 * The HTTP client resolves the host itself when it connects, right after the check; the JVM keeps a resolved name for
 * 30 s ({@code networkaddress.cache.ttl}), so it connects to an address that was just checked.
 */
@Component
class AddressGuard {

    private final boolean allowPrivate;
    private final List<String> allowedNames = new ArrayList<>();
    private final List<Cidr> allowedBlocks = new ArrayList<>();
    private final Resolver resolver;

    /** Name resolution, replaceable in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @org.springframework.beans.factory.annotation.Autowired
    AddressGuard(WebhookProperties properties) {
        this(properties, InetAddress::getAllByName);
    }

    AddressGuard(WebhookProperties properties, Resolver resolver) {
        this.allowPrivate = properties.allowPrivateAddresses();
        this.resolver = resolver;
        for (String entry : properties.allowedHosts()) {
            String value = entry.trim().toLowerCase(Locale.ROOT);
            if (value.contains("/")) {
                allowedBlocks.add(Cidr.parse(value));
            } else if (!value.isEmpty()) {
                allowedNames.add(value);
            }
        }
    }

    /** The URL parsed, or why it may not be an endpoint: not absolute http(s), credentials in it, a fragment. */
    static URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not contain a fragment");
        }
        if (uri.getPort() > 65535) {
            throw new Refused("has a port out of range");
        }
        try {
            java.net.http.HttpRequest.newBuilder(uri); // what the sender will do: refuse now what it would refuse then
        } catch (IllegalArgumentException e) {
            throw new Refused("is not a valid URL");
        }
        return uri;
    }

    /** Why EventFlow may not send to this URL now, or empty when it may (the host resolves to allowed addresses only). */
    Optional<String> refusal(String url) {
        try {
            check(url);
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of(e.reason());
        }
    }

    void check(String url) throws Refused {
        URI uri = parse(url);
        String host = host(uri);
        if (allowPrivate || allowedNames.contains(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String kind = nonPublic(address);
            if (kind != null && allowedBlocks.stream().noneMatch(b -> b.contains(address))) {
                throw new Refused("resolves to " + kind + " address " + address.getHostAddress()
                        + ", which webhooks may not reach");
            }
        }
    }

    private static String host(URI uri) {
        String host = java.util.Objects.requireNonNull(uri.getHost(), "checked by parse").toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** What kind of non-public address this is, or null for a public one. */
    static @Nullable String nonPublic(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (address.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return nonPublic4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return "a private (unique local)";
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "a private (site-local)";
            }
            // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:ab:cd::)
            if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
                    || isZero(b, 0, 12)
                    || (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return nonPublic4(new byte[] { b[12], b[13], b[14], b[15] });
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return nonPublic4(new byte[] { b[2], b[3], b[4], b[5] });
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "a documentation";
            }
        }
        return null;
    }

    private static @Nullable String nonPublic4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return "an unspecified";
        }
        if (a0 == 127) {
            return "a loopback";
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return "a private";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "a shared (CGNAT)";
        }
        if (a0 >= 224) {
            return a0 < 240 ? "a multicast" : "a reserved";
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 || a0 == 198 && (a1 & 0xfe) == 18) {
            return "a reserved";
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Why a URL may not be an endpoint, in words that complete "url …". */
    static final class Refused extends Exception {
        private final String reason;

        Refused(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** An address block of {@code allowed-hosts}, e.g. {@code 10.1.2.0/24} or {@code fd00::/8}. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String value) {
            int slash = value.indexOf('/');
            try {
                String literal = value.substring(0, slash);
                if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
                    throw new IllegalArgumentException();
                }
                byte[] network = InetAddress.getByName(literal).getAddress(); // a literal: no lookup
                int bits = Integer.parseInt(value.substring(slash + 1));
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(network, bits);
            } catch (IllegalArgumentException | UnknownHostException e) {
                throw new IllegalArgumentException("eventflow.webhook.allowed-hosts: '" + value
                        + "' is neither a host name nor an address block such as 10.1.2.0/24");
            }
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
