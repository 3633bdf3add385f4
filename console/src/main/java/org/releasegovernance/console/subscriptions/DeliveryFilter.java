package org.releasegovernance.console.subscriptions;

import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery log's filter as the person chose it (empty: any). The values go to the API as they are, which refuses
 * one it does not know with a problem the console shows.
 */
record DeliveryFilter(String subscriptionId, String status) {

    DeliveryFilter {
        subscriptionId = blankToNull(subscriptionId);
        status = blankToNull(status);
    }

    /** {@code GET /api/deliveries} with this filter. */
    URI apiQuery(UriBuilder uri) {
        Map<String, String> values = parameters();
        uri.path("/api/deliveries");
        // as URI variables, so each value is encoded whole, whatever it holds
        values.keySet().forEach(name -> uri.queryParam(name, "{" + name + "}"));
        return uri.build(values);
    }

    /** The console's log page with this filter, for a redirect back to it. */
    String logPath() {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/deliveries");
        parameters().forEach(uri::queryParam);
        return uri.build().encode().toUriString();
    }

    private Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (subscriptionId != null) {
            parameters.put("subscriptionId", subscriptionId);
        }
        if (status != null) {
            parameters.put("status", status);
        }
        return parameters;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
