package org.releasegovernance.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.releasegovernance.console.api.ApiRefusal;
import org.releasegovernance.console.api.Problem;
import org.releasegovernance.console.signin.ConsoleUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page has: the signed-in user for the header, and one answer to a service's refusal of a read: a page
 * that shows the service's problem document with the HTTP status it gave. A token the services stopped accepting
 * ends the console session.
 */
@ControllerAdvice
class ConsoleAdvice {

    @ModelAttribute("user")
    ConsoleUser user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof ConsoleUser user ? user : null;
    }

    @ExceptionHandler(ApiRefusal.class)
    String refused(ApiRefusal refusal, HttpServletRequest request, HttpServletResponse response, Model model) {
        Problem problem = refusal.problem();
        if (problem.status() == 401) {
            request.getSession().invalidate();
            SecurityContextHolder.clearContext();
            return "redirect:/sign-in?expired";
        }
        response.setStatus(problem.pageStatus());
        model.addAttribute("user", user());
        model.addAttribute("problem", problem);
        return "refused";
    }
}
