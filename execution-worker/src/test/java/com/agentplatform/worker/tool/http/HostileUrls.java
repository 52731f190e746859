package com.agentplatform.worker.tool.http;

import java.util.stream.Stream;

/**
 * URLs a tool must never fetch: internal addresses in every spelling browsers and curl accept, metadata and local
 * host names, credentials, and other schemes. Every one is refused before any lookup or connection.
 */
final class HostileUrls {

    private HostileUrls() {
    }

    static Stream<String> all() {
        return Stream.of(
                // loopback, plainly and in numeric disguises
                "http://127.0.0.1/",
                "https://127.0.0.1:8443/admin",
                "HTTP://127.0.0.1/",
                "http://127.0.0.1:22/",
                "http://127.254.1.1/",
                "http://2130706433/",
                "http://0177.0.0.1/",
                "http://0177.0.0.01/",
                "http://017700000001/",
                "http://127.000.000.001/",
                "http://0x7f000001/",
                "http://0x7f.0.0.1/",
                "http://0X7F.0x0.0x0.0x1/",
                "http://0x7f.1/",
                "http://127.1/",
                "http://127.0.1/",
                "http://127.0.0.1./",
                "http://\uFF11\uFF12\uFF17\uFF0E\uFF10\uFF0E\uFF10\uFF0E\uFF11/",
                "http://%31%32%37.0.0.1/",
                "http://[::1]/",
                "http://[0:0:0:0:0:0:0:1]/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:7f00:1]/",
                "http://[::127.0.0.1]/",
                "http://[64:ff9b::7f00:1]/",
                "http://[2002:7f00:1::]/",
                // names of this machine and of the cloud's metadata service
                "http://localhost/",
                "http://LOCALHOST/",
                "http://localhost./",
                "http://localhost:8081/actuator/env",
                "http://api.localhost/",
                "http://localhost.localdomain/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.GOOGLE.INTERNAL./",
                "http://metadata/",
                "http://instance-data/latest/meta-data/",
                "http://db.internal/",
                // link-local and the metadata address
                "http://169.254.169.254/latest/meta-data/",
                "http://169.254.169.254./latest/meta-data/",
                "http://2852039166/",
                "http://0xA9.0xFE.0xA9.0xFE/",
                "http://0251.0376.0251.0376/",
                "http://[0:0:0:0:0:ffff:169.254.169.254]/",
                "http://[::ffff:a9fe:a9fe]/",
                "http://[64:ff9b::a9fe:a9fe]/",
                "http://[fe80::1]/",
                "http://[fe80::1%25eth0]/",
                "http://[fd00:ec2::254]/",
                "http://100.100.100.200/latest/meta-data/",
                // private, shared, unspecified, multicast, broadcast and reserved ranges
                "http://10.0.0.1/",
                "http://10.255.255.255/",
                "http://172.16.5.4/",
                "http://172.31.0.1/",
                "http://192.168.1.1/",
                "http://3232235777/",
                "http://100.64.0.1/",
                "http://0.0.0.0/",
                "http://0/",
                "http://0.1.2.3/",
                "http://[::]/",
                "http://224.0.0.1/",
                "http://239.255.255.250:1900/",
                "http://255.255.255.255/",
                "http://240.0.0.1/",
                "http://198.18.0.1/",
                "http://192.0.2.1/",
                "http://[fd00::1]/",
                "http://[fc00::1]/",
                "http://[fec0::1]/",
                "http://[ff02::1]/",
                "http://[2002:a00:1::]/",
                "http://[64:ff9b::a00:1]/",
                // credentials, parser confusion, and other schemes
                "http://user:pass@example.com/",
                "http://example.com@127.0.0.1/",
                "http://127.0.0.1#@example.com/",
                "http://127.0.0.1\\@example.com/",
                "http://1.2.3.4.5/",
                "http://256.0.0.1/",
                "http:/example.com/",
                "http:example.com",
                "//example.com/",
                "file:///etc/passwd",
                "gopher://example.com/",
                "ftp://example.com/",
                "jar:http://example.com/x.jar!/",
                "dict://127.0.0.1:11211/",
                "javascript:alert(1)",
                "");
    }
}
