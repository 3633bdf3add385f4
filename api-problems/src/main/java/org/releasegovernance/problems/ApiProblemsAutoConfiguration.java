package org.releasegovernance.problems;

import org.apache.catalina.Context;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import java.time.Clock;
import java.time.Duration;

/**
 * One problem model and strict input for every service's HTTP API: every refusal, wherever it happens (a
 * controller, a filter, Spring Security, the servlet container, Tomcat itself), is an RFC 9457
 * {@code application/problem+json} document with a stable {@code type}; request JSON is read strictly and instants
 * are written in one format; request bodies are capped.
 */
@AutoConfiguration(before = {ErrorMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        WebMvcAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiProblemsAutoConfiguration {

    /** The API's JSON: strict on input, one instant format on output; the {@code ObjectMapper} bean is untouched. */
    @Bean
    MappingJackson2HttpMessageConverter strictJsonHttpMessageConverter(Jackson2ObjectMapperBuilder builder) {
        return new MappingJackson2HttpMessageConverter(StrictJson.mapper(builder));
    }

    @Bean
    WebMvcConfigurer apiInstantParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                registry.addConverter(new ApiInstants.FromText());
            }
        };
    }

    /** After every other interceptor (the role check among them): see {@link NoBodyExpected}. */
    @Bean
    WebMvcConfigurer noBodyExpected(ProblemWriter problems) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new NoBodyExpected(problems)).order(Ordered.LOWEST_PRECEDENCE);
            }
        };
    }

    @Bean
    ProblemWriter problemWriter(MappingJackson2HttpMessageConverter json) {
        return new ProblemWriter(json.getObjectMapper());
    }

    @Bean
    @ConditionalOnMissingBean(ProblemAdvice.class)
    ProblemAdvice problemAdvice() {
        return new ProblemAdvice();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** First of all filters, so an oversized declared body is refused before any work is done for it. */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(ProblemWriter problems) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(new BodySizeLimit(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * The application clock ticks in whole milliseconds, the precision the API writes, so an instant the service
     * makes and later shows or compares is the same instant the client saw.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    static BeanPostProcessor problemCorsRefusals(ObjectProvider<ProblemWriter> problems) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractHandlerMapping mapping) {
                    mapping.setCorsProcessor(new ProblemCorsProcessor(problems.getObject()));
                }
                return bean;
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tomcat.class)
    static class TomcatProblems {

        /** Tomcat's own refusals (bad URIs, oversized headers) answer with problem documents, not HTML. */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(TomcatProblems::useProblemErrorReports);
        }

        private static void useProblemErrorReports(Context context) {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        }
    }
}
