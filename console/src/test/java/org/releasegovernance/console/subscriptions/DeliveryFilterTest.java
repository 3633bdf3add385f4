package org.releasegovernance.console.subscriptions;

import org.junit.jupiter.api.Test;
import org.springframework.web.util.DefaultUriBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryFilterTest {

    private final DefaultUriBuilderFactory api = new DefaultUriBuilderFactory("http://notifier");

    @Test
    void noFilterAsksForEveryDelivery() {
        DeliveryFilter any = new DeliveryFilter(" ", null);

        assertThat(any.apiQuery(api.builder())).hasToString("http://notifier/api/deliveries");
        assertThat(any.logPath()).isEqualTo("/deliveries");
    }

    @Test
    void theFilterGoesToTheApiAndBackToTheLog() {
        DeliveryFilter dead = new DeliveryFilter("5a2ec63b-ce94-4225-99c0-f479c911e43d", "DEAD");

        assertThat(dead.apiQuery(api.builder())).hasToString(
                "http://notifier/api/deliveries?subscriptionId=5a2ec63b-ce94-4225-99c0-f479c911e43d&status=DEAD");
        assertThat(dead.logPath()).isEqualTo("/deliveries?subscriptionId=5a2ec63b-ce94-4225-99c0-f479c911e43d"
                + "&status=DEAD");
    }

    @Test
    void aValueTypedByHandStaysOneEncodedParameter() {
        DeliveryFilter odd = new DeliveryFilter("a&status=x {y}#z", "DEAD");

        assertThat(odd.apiQuery(api.builder())).hasToString(
                "http://notifier/api/deliveries?subscriptionId=a%26status%3Dx%20%7By%7D%23z&status=DEAD");
        assertThat(odd.logPath()).isEqualTo("/deliveries?subscriptionId=a%26status%3Dx%20%7By%7D%23z&status=DEAD");
    }
}
