package org.releasegovernance.problems;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as text: well-formed UTF-8 only, because anything else is silently replaced further on. */
class Utf8RulesTest {

    @Test
    void aQueryMustPercentDecodeToWellFormedUtf8() {
        assertThat(BodySizeLimit.isUtf8Query(null)).isTrue();
        assertThat(BodySizeLimit.isUtf8Query("reason=plain+text")).isTrue();
        assertThat(BodySizeLimit.isUtf8Query("reason=caf%C3%A9%20%F0%9F%98%80")).isTrue();
        assertThat(BodySizeLimit.isUtf8Query("reason=100%")).isTrue();
        assertThat(BodySizeLimit.isUtf8Query("reason=%FF")).as("not UTF-8 at all").isFalse();
        assertThat(BodySizeLimit.isUtf8Query("reason=%ED%A0%80")).as("a lone surrogate").isFalse();
        assertThat(BodySizeLimit.isUtf8Query("reason=%C0%AF")).as("an overlong '/'").isFalse();
    }

    @Test
    void aJsonBodyMustBeWellFormedUtf8() {
        assertThat(BodySizeLimit.isUtf8("{\"model\":\"GPT-2 ☃\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(BodySizeLimit.isUtf8(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'})).isFalse();
        assertThat(BodySizeLimit.isUtf8(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'})).isFalse();
    }
}
