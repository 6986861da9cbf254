package dev.blueprint.components.mqtt;

import dev.blueprint.api.ComponentContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The client id an mqtt source or sink uses when the blueprint names none. A broker keeps one session per client
 * id and closes the older of two connections that share one, so replicas of a blueprint must never default to
 * the same id: the default is {@code {system}-{component}-{host}}, which is stable across restarts on one host
 * (the session, with the messages queued for it, is resumed) and differs between hosts and pods. With a clean
 * session nothing is resumed, so a random suffix serves as well and also keeps apart two instances on one host.
 */
final class MqttClientIds {
    private MqttClientIds() {
    }

    static String of(ComponentContext context, String configured, boolean cleanSession) {
        if (configured != null) {
            return configured;
        }
        String prefix = context.systemName() + "-" + context.name() + "-";
        return prefix + (cleanSession ? UUID.randomUUID().toString().substring(0, 8) : hostName());
    }

    /** {@code HOSTNAME} when set (a pod's name in Kubernetes, a container's id in Docker), else the host's name. */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
