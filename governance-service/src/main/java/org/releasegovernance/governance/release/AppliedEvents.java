package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Makes a command's outcome the events it applied, so the decision is answered from them ({@link Decided}): each
 * event the aggregate applies is noted in its unit of work as the event bus takes it for storing (with the sequence
 * number and timestamp it is stored with), and the command's result carries them. A command that fails returns no
 * result at all.
 */
@Component
class AppliedEvents implements MessageHandlerInterceptor<CommandMessage<?>>,
        MessageDispatchInterceptor<EventMessage<?>> {

    private static final String APPLIED = AppliedEvents.class.getName();

    AppliedEvents(CommandBus commands, EventStore events) {
        commands.registerHandlerInterceptor(this);
        events.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            if (message instanceof DomainEventMessage<?> event && CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().<List<DomainEventMessage<?>>>getOrComputeResource(APPLIED,
                        key -> new ArrayList<>()).add(event);
            }
            return message;
        };
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        // the event bus intercepts the applied events when the unit of work prepares its commit, after the handler:
        // the list is filled by then, before the command's result reaches its sender
        List<DomainEventMessage<?>> applied = unitOfWork.root().getOrComputeResource(APPLIED,
                key -> new ArrayList<>());
        chain.proceed();
        return new Applied(applied);
    }

    /** The events a command applied; complete once the command's unit of work has committed. */
    record Applied(List<DomainEventMessage<?>> events) {
    }
}
