package org.releasegovernance.governance.release;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.security.Principal;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the {@link DecisionContext} parameter of a decision endpoint from the request: the principal, the
 * {@code If-Match} header and the application's clock. The OpenAPI document still lists {@code If-Match} on those
 * endpoints, since the context hides the header from springdoc.
 */
@Component
class DecisionContextResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?"); // 18 digits: always a long

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(DecisionContext.class);
    }

    private final Clock clock;

    DecisionContextResolver(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == DecisionContext.class;
    }

    @Override
    public DecisionContext resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                           NativeWebRequest request, WebDataBinderFactory binders) {
        Principal actor = request.getUserPrincipal();
        if (actor == null) {
            // every decision endpoint is behind @PreAuthorize, so this is a mapping mistake, not a caller's
            throw new IllegalStateException("a decision endpoint was reached without an authenticated principal");
        }
        return new DecisionContext(actor.getName(), expectedVersion(request.getHeader(HttpHeaders.IF_MATCH)),
                clock.instant());
    }

    /** The version an {@code If-Match} header names; {@code null} without one or for {@code *}. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = ENTITY_TAG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new RuleViolation(Rule.VERSION_MISMATCH,
                    "If-Match must name a version this API issued as ETag, such as \"5\".");
        }
        return Long.parseLong(matcher.group(1));
    }

    @Bean
    static OperationCustomizer ifMatchOnDecisions() {
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.getParameterType() == DecisionContext.class)) {
                operation.addParametersItem(new HeaderParameter().name(HttpHeaders.IF_MATCH).required(false)
                        .description("The ETag last read; the decision is refused with 412 if the release moved on")
                        .schema(new StringSchema()));
            }
            return operation;
        };
    }
}
