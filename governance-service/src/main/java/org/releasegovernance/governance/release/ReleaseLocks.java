package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;

/**
 * Commands on one release queue on a PostgreSQL advisory lock on its id, taken in the command's transaction and
 * held until that transaction ends, on every instance. Axon's own aggregate lock covers one instance and ends with
 * the command, which is before the transaction commits when the command joins a request's transaction (a request
 * with an {@code Idempotency-Key}): without this lock the next command would load the release without the previous
 * one's events and lose the race on the event store's (release, sequence) key, to be run again; a writer that lost
 * that race five times in a row was refused with a 500.
 */
@Component
class ReleaseLocks implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final CommandTargetResolver RELEASE_OF = AnnotationCommandTargetResolver.builder().build();

    private final JdbcTemplate jdbc;

    /** Registered after the bus's transaction interceptor, so the lock is taken inside the command's transaction. */
    ReleaseLocks(CommandBus commands, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        commands.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain chain) throws Exception {
        String releaseId = RELEASE_OF.resolveTarget(unitOfWork.getMessage()).getIdentifier();
        jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", (ResultSetExtractor<Void>) rows -> null,
                "release:" + releaseId);
        return chain.proceed();
    }
}
