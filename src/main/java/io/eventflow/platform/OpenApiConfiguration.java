package io.eventflow.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI document at /v3/api-docs and its Swagger UI at /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /**
     * springdoc describes models with its own Jackson 2 mapper, which knows nothing of the application's
     * snake_case naming; without this the document would promise {@code accessToken} where the API sends
     * {@code access_token}.
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI eventFlowOpenApi() {
        return new OpenAPI()
                .info(new Info().title("EventFlow API").version("v1")
                        .description("""
                                Events, bookings, real-time updates and notifications. JSON fields are snake_case, \
                                times are ISO-8601 instants. Errors are RFC 9457 problem details \
                                (application/problem+json) with a field-level `errors` list for invalid input \
                                and a `request_id` to quote in reports. Lists are paginated as \
                                `{items, page, size, total}`. Rate-limited calls answer 429 with `Retry-After`.""")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("Access token from /api/v1/auth/login or /api/v1/auth/register")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
