package com.agentplatform.gateway.tenant;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller take {@link AuthenticatedTenant} as a parameter; it is never read from the request itself. */
@Component
class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedTenant.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Object tenant = webRequest.getNativeRequest(HttpServletRequest.class).getAttribute(ApiKeyFilter.TENANT_ATTRIBUTE);
        if (tenant == null) {
            throw new IllegalStateException("no authenticated tenant: is the handler outside /v1/?");
        }
        return tenant;
    }
}
