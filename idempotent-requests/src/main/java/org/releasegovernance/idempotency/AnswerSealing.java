package org.releasegovernance.idempotency;

/**
 * How a stored answer's body is kept in table {@code idempotent_request}. An answer may hold something shown only
 * once that the service otherwise keeps only encrypted (a webhook's signing secret); such a service declares one bean
 * of this type so the stored copy is encrypted too. Without one, bodies are kept as they were sent.
 */
public interface AnswerSealing {

    /** Keeps bodies as they were sent. */
    AnswerSealing PLAIN = new AnswerSealing() {
        @Override
        public byte[] seal(byte[] body) {
            return body;
        }

        @Override
        public byte[] open(byte[] stored) {
            return stored;
        }
    };

    byte[] seal(byte[] body);

    byte[] open(byte[] stored);
}
