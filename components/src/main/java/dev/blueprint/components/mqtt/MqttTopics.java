package dev.blueprint.components.mqtt;

import dev.blueprint.api.ConfigException;

/** MQTT topic filter rules, checked when the config is bound rather than by the broker at start. */
final class MqttTopics {
    private MqttTopics() {
    }

    static void checkFilter(String key, String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new ConfigException(key, "must not hold an empty topic filter");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#");
            if (!wildcard && (level.contains("+") || level.contains("#"))) {
                throw new ConfigException(key, "'" + filter + "': + and # must be a whole level, as in sensors/+/temperature or sensors/#");
            }
            if (level.equals("#") && i != levels.length - 1) {
                throw new ConfigException(key, "'" + filter + "': # must be the last level");
            }
        }
    }
}
