package dev.blueprint.components.websocket;

import dev.blueprint.transport.Handshake;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The channel subscriptions a handshake asks for: a {@code {channel}} path parameter and every {@code ?channel=},
 * each recovering from {@code since.<channel>} and {@code epoch.<channel>}, or from plain {@code since} and
 * {@code epoch} when it asks for one channel only.
 */
final class ChannelRequests {
    private ChannelRequests() {
    }

    /** @throws IllegalArgumentException naming what is wrong, for a 400 */
    static List<Channels.Request> of(Map<String, String> pathParams, Handshake request) {
        Set<String> names = new LinkedHashSet<>();
        String fromPath = pathParams.get("channel");
        if (fromPath != null) {
            names.add(fromPath);
        }
        names.addAll(request.query().getOrDefault("channel", List.of()));
        if (names.size() > Channels.MAX_PER_CONNECTION) {
            throw new IllegalArgumentException("at most " + Channels.MAX_PER_CONNECTION + " channels per connection, asked for " + names.size());
        }
        List<Channels.Request> requests = new ArrayList<>(names.size());
        for (String name : names) {
            Channels.invalidName(name).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
            String since = request.queryParam("since." + name);
            String epoch = request.queryParam("epoch." + name);
            if (since == null && names.size() == 1) {
                since = request.queryParam("since");
                epoch = request.queryParam("epoch");
            }
            requests.add(new Channels.Request(name, offset(name, since, epoch), epoch));
        }
        if (names.isEmpty() && request.queryParam("since") != null) {
            throw new IllegalArgumentException("since needs a channel to recover: add ?channel=NAME");
        }
        return List.copyOf(requests);
    }

    private static Long offset(String channel, String since, String epoch) {
        if (since == null) {
            return null;
        }
        long offset;
        try {
            offset = Long.parseLong(since);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since for channel '" + channel + "' must be an offset (a whole number), was '" + since + "'");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("since for channel '" + channel + "' must not be negative, was " + offset);
        }
        if (epoch == null || epoch.isEmpty()) {
            throw new IllegalArgumentException("since for channel '" + channel + "' needs the epoch it came from (epoch=E, as the "
                    + "subscribed answer or the envelope gave it)");
        }
        return offset;
    }
}
