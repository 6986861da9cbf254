package dev.blueprint.components.websocket;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Channel offsets, epochs and history kept in Redis for a cluster, so that a client recovers on whichever instance it
 * reconnects to. Per channel: a counter of offsets, an epoch, and a Redis Stream whose entry ids are the offsets
 * (capped at {@code history.size}, with the time each was added). Publishing is one Lua script: it takes the next
 * offset, appends to the stream and PUBLISHes the record with its offset and epoch on the cluster's pub/sub channel,
 * atomically, so every instance receives the channel's records in offset order. The keys expire {@code history.ttl}
 * after the last record: a channel whose history is gone starts a new epoch.
 */
final class ClusterHistory {
    /** Offsets, stream entry and the envelope every instance delivers; returns {offset, epoch}. */
    private static final String PUBLISH = """
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[2], epoch)
              redis.call('DEL', KEYS[1], KEYS[3])
            end
            local offset = redis.call('INCR', KEYS[3])
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            if tonumber(ARGV[2]) > 0 then
              redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], offset .. '-0', 'ms', ms, 't', ARGV[4], 'b', ARGV[5])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            redis.call('PEXPIRE', KEYS[3], ARGV[3])
            local envelope = {i = ARGV[6], q = ARGV[7], c = ARGV[8], o = offset, e = epoch, t = ARGV[4]}
            if ARGV[5] == '1' then envelope['b'] = true end
            redis.call('PUBLISH', ARGV[9], cjson.encode(envelope))
            return {offset, epoch}
            """;

    /** The epoch (made if none), the last offset, and the entries after since still within the ttl. */
    private static final String READ = """
            redis.call('SET', KEYS[2], ARGV[3], 'NX')
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            local epoch = redis.call('GET', KEYS[2])
            local top = tonumber(redis.call('GET', KEYS[3]) or '0')
            local since = tonumber(ARGV[1])
            local out = {epoch, top}
            if since >= 0 and since < top then
              local now = redis.call('TIME')
              local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[2])
              for _, e in ipairs(redis.call('XRANGE', KEYS[1], '(' .. since .. '-0', '+')) do
                local f = {}
                for i = 1, #e[2], 2 do f[e[2][i]] = e[2][i + 1] end
                if tonumber(f['ms']) >= oldest then
                  table.insert(out, e[1])
                  table.insert(out, f['t'])
                  table.insert(out, f['b'])
                end
              end
            end
            return out
            """;

    /** What the stream holds after a {@code since}: the channel's epoch and last offset, and the entries kept. */
    record Snapshot(String epoch, long top, List<ChannelHistory.Entry> entries) {
    }

    /** A record published: its offset and epoch. */
    record Stamped(long offset, String epoch) {
    }

    private final RedisAsyncCommands<String, String> redis;
    private final String prefix;
    private final String pubsubChannel;
    private final String instance;
    private final int size;
    private final long ttlMillis;

    ClusterHistory(RedisAsyncCommands<String, String> redis, String pubsubChannel, String instance, HistoryConfig history) {
        this.redis = redis;
        this.pubsubChannel = pubsubChannel;
        this.prefix = pubsubChannel + ":channel:";
        this.instance = instance;
        this.size = history == null ? 0 : history.size();
        // without history only offsets are kept; they still expire, a day after the channel's last record
        this.ttlMillis = history == null ? 86_400_000L : history.ttl().toMillis();
    }

    /**
     * Publishes a record on a channel for every instance (this one included): {@code id} comes back in the
     * envelope, so the publisher knows its own record.
     */
    CompletableFuture<Stamped> publish(String channel, String id, String text, boolean binary) {
        String[] keys = keys(channel);
        String[] args = {newEpoch(), Integer.toString(size), Long.toString(ttlMillis), text, binary ? "1" : "0", instance, id, channel,
            pubsubChannel};
        return redis.<List<Object>>eval(PUBLISH, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .thenApply(r -> new Stamped((Long) r.get(0), (String) r.get(1)));
    }

    /** Reads the channel's epoch, last offset and, for {@code since >= 0}, every entry after it that is still kept. */
    CompletableFuture<Snapshot> read(String channel, long since) {
        String[] args = {Long.toString(since), Long.toString(ttlMillis), newEpoch(), Long.toString(ttlMillis)};
        return redis.<List<Object>>eval(READ, ScriptOutputType.MULTI, keys(channel), args).toCompletableFuture().thenApply(r -> {
            List<ChannelHistory.Entry> entries = new ArrayList<>();
            for (int i = 2; i + 2 < r.size(); i += 3) {
                String id = (String) r.get(i);
                long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
                entries.add(new ChannelHistory.Entry(offset, 0, (String) r.get(i + 1), "1".equals(r.get(i + 2))));
            }
            return new Snapshot((String) r.get(0), (Long) r.get(1), entries);
        });
    }

    private String[] keys(String channel) {
        return new String[] {prefix + channel + ":stream", prefix + channel + ":epoch", prefix + channel + ":offset"};
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
