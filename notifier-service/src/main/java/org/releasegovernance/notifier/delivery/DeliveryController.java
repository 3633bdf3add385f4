package org.releasegovernance.notifier.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasegovernance.problems.ProblemType;
import org.releasegovernance.problems.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The delivery log: every delivery with its attempts, and a manual retry of dead letters. */
@RestController
@RequestMapping("/api/deliveries")
@PreAuthorize("hasRole('SUBSCRIBER_ADMIN')")
class DeliveryController {

    private static final Logger log = LoggerFactory.getLogger(DeliveryController.class);

    private static final ProblemType ONLY_DEAD_LETTERS_ARE_RETRIED =
            ProblemType.of(HttpStatus.CONFLICT, "only-dead-letters-are-retried");

    private final Deliveries deliveries;
    private final Clock clock;

    DeliveryController(Deliveries deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @GetMapping
    @Operation(operationId = "listDeliveries", summary = "Deliveries with their attempts, by subscription or status")
    List<DeliveryView> list(@RequestParam(required = false) UUID subscriptionId,
                            @RequestParam(required = false) DeliveryStatus status) {
        return deliveries.list(subscriptionId, status);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDelivery", summary = "One delivery with its attempts")
    DeliveryView get(@PathVariable UUID id) {
        return deliveries.find(id).orElseThrow(() -> notFound(id));
    }

    /** {@code POST /api/deliveries/{id}/retry}: a dead letter is sent again now, with a fresh schedule. */
    @PostMapping("/{id}/retry")
    @Operation(operationId = "retryDelivery", summary = "Send a dead letter again now, with a fresh schedule")
    @ApiResponse(responseCode = "200", description = "The delivery, queued again", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "only-dead-letters-are-retried: the delivery is not DEAD")
    DeliveryView retry(@PathVariable UUID id, Principal admin) {
        DeliveryView queued = deliveries.retryDead(id, clock.instant()).orElseThrow(() -> {
            DeliveryView delivery = deliveries.find(id).orElseThrow(() -> notFound(id));
            return new Refusal(ONLY_DEAD_LETTERS_ARE_RETRIED, "Delivery " + id + " is " + delivery.status()
                    + "; only a DEAD delivery can be retried.");
        });
        log.info("dead letter {} queued again by {}", id, admin.getName());
        return queued;
    }

    private static Refusal notFound(UUID id) {
        return Refusal.notFound("delivery-not-found", "No delivery " + id + ".");
    }
}
