package dev.blueprint.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** How logs name an address a server is bound to: the real one, so that an operator sees who can reach it. */
public final class BoundAddress {
    private BoundAddress() {
    }

    /**
     * {@code host:port} as bound: {@code 0.0.0.0:8080}, {@code 127.0.0.1:4195}, {@code [::1]:8080}. Every interface is
     * {@code 0.0.0.0} whichever family the socket is (an epoll socket bound to 0.0.0.0 reports {@code ::}).
     */
    public static String describe(InetSocketAddress address) {
        if (isWildcard(address)) {
            return "0.0.0.0:" + address.getPort();
        }
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        if (host.contains(":")) {
            int zone = host.indexOf('%');
            host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return host + ":" + address.getPort();
    }

    /** Whether only this machine can connect: a loopback address. */
    public static boolean isLoopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }

    /** Whether it is bound to every interface ({@code 0.0.0.0} or {@code ::}). */
    public static boolean isWildcard(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isAnyLocalAddress();
    }
}
