package org.releasegovernance.console.web;

import org.releasegovernance.console.signin.ConsoleUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's front door sends each person to the part made for their role. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(ConsoleUser user) {
        if (user.has("CHAIR") || user.has("MEMBER") || user.has("EXPERT")) {
            return "redirect:/releases";
        }
        if (user.has("AUDITOR")) {
            return "redirect:/audit";
        }
        if (user.has("SUBSCRIBER_ADMIN")) {
            return "redirect:/subscriptions";
        }
        return "no-role";
    }
}
