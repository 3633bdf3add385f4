package org.releasegovernance.console.api;

import org.springframework.http.HttpHeaders;

import java.util.Map;

/** A service's successful answer to a write: its status, JSON body (empty for 204) and headers (Location, ETag). */
public record ApiAnswer(int status, Map<String, Object> body, HttpHeaders headers) {

    public String location() {
        return headers.getFirst(HttpHeaders.LOCATION);
    }
}
