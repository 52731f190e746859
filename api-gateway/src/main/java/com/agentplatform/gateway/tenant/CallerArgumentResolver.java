package com.agentplatform.gateway.tenant;

import com.agentplatform.gateway.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives handlers their caller, {@link AuthenticatedTenant} or {@link AdminCaller}, from what the authentication
 * filters stored and nothing else. Fails closed: when no filter vouched for the request (a path the filters did not
 * recognise as theirs), the handler never runs and the answer is 401.
 */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedTenant.class || parameter.getParameterType() == AdminCaller.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        boolean admin = parameter.getParameterType() == AdminCaller.class;
        Object caller = webRequest.getNativeRequest(HttpServletRequest.class)
                .getAttribute(admin ? AdminCaller.REQUEST_ATTRIBUTE : AuthenticatedTenant.REQUEST_ATTRIBUTE);
        if (!parameter.getParameterType().isInstance(caller)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED",
                    admin ? "the admin token is required" : "a valid API key is required");
        }
        return caller;
    }
}
