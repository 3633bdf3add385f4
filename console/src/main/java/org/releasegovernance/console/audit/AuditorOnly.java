package org.releasegovernance.console.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Problem;
import org.releasegovernance.console.signin.ConsoleUser;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * The audit pages are for auditors. The audit API refuses anyone else anyway; this says so before calling it, in
 * the same words a refusal would use.
 */
@Configuration(proxyBeanMethods = false)
class AuditorOnly implements WebMvcConfigurer {

    static final String ROLE = "AUDITOR";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (!ConsoleUser.current().has(ROLE)) {
                    throw new ApiRefusal(new Problem("about:blank", "Not an auditor", 403,
                            "The audit pages show the signed log to auditors only.", List.of(), List.of(ROLE)));
                }
                return true;
            }
        }).addPathPatterns("/audit", "/audit/**");
    }
}
