package org.releasegovernance.governance.config;

import org.axonframework.common.IdentifierFactory;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs from a strong generator per thread. {@link UUID#randomUUID()} draws from one shared
 * generator behind a lock; under 16 concurrent decisions its callers (Axon's event and message ids, the correlation
 * id filter) spent seconds per 20 s blocked on that lock.
 */
public final class RandomIds extends IdentifierFactory {

    private static final ThreadLocal<SecureRandom> GENERATOR = ThreadLocal.withInitial(RandomIds::newGenerator);

    /** A random UUID, as {@link UUID#randomUUID()} gives, without the shared lock. */
    public static UUID next() {
        byte[] bytes = new byte[16];
        GENERATOR.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** Axon's identifiers of messages and events (registered in {@code META-INF/services}). */
    @Override
    public String generateIdentifier() {
        return next().toString();
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
