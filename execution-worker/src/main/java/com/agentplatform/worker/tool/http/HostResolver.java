package com.agentplatform.worker.tool.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks a host name up; the system resolver in production, a fixed table in tests. */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String hostName) throws UnknownHostException;
}
