package com.agentplatform.worker.tool.http;

import com.agentplatform.common.net.IpLiterals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;

/** Clients whose lookups and connections the test controls and watches. */
final class TestClients {

    /** A resolver for tests that must not look anything up. */
    static final HostResolver NO_LOOKUP = host -> {
        throw new AssertionError("no lookup expected, but '" + host + "' was looked up");
    };

    /** A dialer for tests that must not connect anywhere. */
    static final Dialer NO_CONNECTION = (address, timeout) -> {
        throw new AssertionError("no connection expected, but " + address + " was dialled");
    };

    private TestClients() {
    }

    /** The default policy and limits, with no lookups and no connections allowed at all. */
    static SafeHttpClient refusingEverything() {
        return new SafeHttpClient(HttpFetchSettings.defaults(), NO_LOOKUP, NO_CONNECTION, null);
    }

    /** A resolver answering from a fixed table, counting its lookups; unknown names do not resolve. */
    static final class TableResolver implements HostResolver {

        private final Map<String, List<String>> table;
        final AtomicInteger lookups = new AtomicInteger();

        TableResolver(Map<String, List<String>> table) {
            this.table = table;
        }

        @Override
        public InetAddress[] resolve(String hostName) throws UnknownHostException {
            lookups.incrementAndGet();
            List<String> addresses = table.get(hostName);
            if (addresses == null) {
                throw new UnknownHostException(hostName);
            }
            InetAddress[] resolved = new InetAddress[addresses.size()];
            for (int i = 0; i < resolved.length; i++) {
                byte[] bytes = IpLiterals.literal(addresses.get(i)).orElseThrow().getAddress();
                resolved[i] = InetAddress.getByAddress(hostName, bytes);
            }
            return resolved;
        }
    }

    /** A direct dialer that remembers every address it connected to. */
    static final class RecordingDialer implements Dialer {

        final List<InetSocketAddress> dialled = new CopyOnWriteArrayList<>();

        @Override
        public Socket dial(InetSocketAddress address, int timeoutMillis) throws IOException {
            dialled.add(address);
            return Dialer.DIRECT.dial(address, timeoutMillis);
        }
    }

    static SafeHttpClient client(HttpFetchSettings settings, HostResolver resolver, Dialer dialer) {
        return new SafeHttpClient(settings, resolver, dialer, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }
}
