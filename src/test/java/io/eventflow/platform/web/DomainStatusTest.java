package io.eventflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;

import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.NotFound;
import io.eventflow.platform.domain.RuleViolated;

/** The API's answer to each kind of domain refusal. */
class DomainStatusTest {

    @Test
    void answersEachKindWithItsStatus() {
        assertThat(DomainStatus.of(DomainException.Kind.INVALID_INPUT).value()).isEqualTo(400);
        assertThat(DomainStatus.of(DomainException.Kind.NOT_AUTHENTICATED).value()).isEqualTo(401);
        assertThat(DomainStatus.of(DomainException.Kind.NOT_ALLOWED).value()).isEqualTo(403);
        assertThat(DomainStatus.of(DomainException.Kind.NOT_FOUND).value()).isEqualTo(404);
        assertThat(DomainStatus.of(DomainException.Kind.CONFLICT).value()).isEqualTo(409);
        assertThat(DomainStatus.of(DomainException.Kind.TOO_LARGE).value()).isEqualTo(413);
        assertThat(DomainStatus.of(DomainException.Kind.UNSUPPORTED_CONTENT).value()).isEqualTo(415);
        assertThat(DomainStatus.of(DomainException.Kind.RULE_VIOLATED).value()).isEqualTo(422);
        assertThat(DomainStatus.of(DomainException.Kind.BUSY).value()).isEqualTo(503);
    }

    @Test
    void aProblemCarriesTheRefusalsWordsAndTheFieldsAtFault() {
        ProblemHandler handler = new ProblemHandler();
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events/1/arrival");

        ProblemDetail problem = handler.handleDomain(new RuleViolated("You are 1200 m from the event",
                List.of(new FieldProblem("latitude", "is 1200 m from the venue"))), request).getBody();

        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getDetail()).isEqualTo("You are 1200 m from the event");
        assertThat(problem.getProperties()).containsKey("errors").containsKey("request_id");
        assertThat(handler.handleDomain(new NotFound("Event", 7), request).getBody().getDetail())
                .isEqualTo("Event 7 does not exist");
        assertThat(handler.handleDomain(new Conflict("full"), request).getStatusCode().value()).isEqualTo(409);
        assertThat(handler.handleDomain(new NotAllowed("no"), request).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void namesInvalidFieldsAsTheApiSpellsThem() {
        assertThat(InvalidInput.snakeCase("geofenceRadiusM")).isEqualTo("geofence_radius_m");
        assertThat(InvalidInput.field("capacity", "must be at least 0").errors())
                .containsExactly(new FieldProblem("capacity", "must be at least 0"));
    }
}
