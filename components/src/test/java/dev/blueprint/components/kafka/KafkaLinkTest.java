package dev.blueprint.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Which failures at start stop the run and which are an outage to wait out (services start in any order). */
class KafkaLinkTest {

    @Test
    void brokersThatDoNotAnswerYetAreAnOutageNotAStartError() {
        // what partitionsFor and listTopics throw while no broker listens
        assertThat(KafkaLink.isDefinitive(new TimeoutException("Topic t not present in metadata after 2000 ms."))).isFalse();
    }

    @Test
    void badCredentialsAForbiddenTopicOrABadTopicNameStopTheStart() {
        assertThat(KafkaLink.isDefinitive(new SaslAuthenticationException("Authentication failed: Invalid username or password"))).isTrue();
        assertThat(KafkaLink.isDefinitive(new TopicAuthorizationException("Not authorized to access topics: [t]"))).isTrue();
        assertThat(KafkaLink.isDefinitive(new InvalidTopicException("Invalid topics: [t]"))).isTrue();
    }
}
