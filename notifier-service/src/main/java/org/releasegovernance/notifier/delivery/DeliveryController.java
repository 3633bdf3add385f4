package org.releasegovernance.notifier.delivery;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** The delivery log: every delivery with its attempts, for the subscribers' administrators. */
@RestController
@RequestMapping("/api/deliveries")
@PreAuthorize("hasRole('SUBSCRIBER_ADMIN')")
class DeliveryController {

    private final Deliveries deliveries;

    DeliveryController(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @GetMapping
    List<DeliveryView> list(@RequestParam(required = false) UUID subscriptionId,
                            @RequestParam(required = false) DeliveryStatus status) {
        return deliveries.list(subscriptionId, status);
    }
}
