package io.eventflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestInfrastructure;

/** Who may read, change and delete which account. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UserAccessIT {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private Session admin() {
        return api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
    }

    @Test
    void anyoneSeesThePublicProfileButOnlyTheUserAndAdminsSeeTheEmail() {
        Session alice = api.register("organizer");
        Session bob = api.register("attendee");
        String path = "/api/v1/users/" + alice.userId();

        Response anonymous = api.get(path).send().expect(200);
        Response stranger = api.get(path).bearer(bob).send().expect(200);
        Response self = api.get(path).bearer(alice).send().expect(200);
        Response admin = api.get(path).bearer(admin()).send().expect(200);

        assertThat(anonymous.body().has("email")).isFalse();
        assertThat(stranger.body().has("email")).isFalse();
        assertThat(anonymous.body().get("username").asString()).isEqualTo(alice.username());
        assertThat(self.body().get("email").asString()).isEqualTo(alice.email());
        assertThat(admin.body().get("email").asString()).isEqualTo(alice.email());
    }

    @Test
    void aUserChoosesTheirLanguageAndOnlyEnglishOrHebrewIsAccepted() {
        Session user = api.register("attendee");
        assertThat(api.get("/api/v1/users/me").bearer(user).send().expect(200).body().has("language")).isFalse();

        Response chosen = api.patch("/api/v1/users/me").bearer(user).json(Map.of("language", "he")).send().expect(200);
        assertThat(chosen.body().get("language").asString()).isEqualTo("he");
        assertThat(api.get("/api/v1/users/me").bearer(user).send().body().get("language").asString()).isEqualTo("he");
        // only the user (and admins) see it: it is part of what the public profile leaves out
        assertThat(api.get("/api/v1/users/" + user.userId()).send().expect(200).body().has("language")).isFalse();

        for (Object wrong : new Object[] { "fr", "HE", "", "english", 1 }) {
            Response refused = api.patch("/api/v1/users/me").bearer(user).json(Map.of("language", wrong)).send();
            assertThat(refused.status()).as("language %s", wrong).isEqualTo(400);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            if (!(wrong instanceof Integer)) { // a number is not a string: Jackson refuses the body before validation
                assertThat(refused.body().get("errors").findValuesAsString("field")).containsExactly("language");
            }
        }
        assertThat(api.get("/api/v1/users/me").bearer(user).send().body().get("language").asString()).isEqualTo("he");
    }

    @Test
    void unknownUserIs404AndMalformedIdIs400() {
        assertThat(api.get("/api/v1/users/0195f0c4-0000-7000-8000-000000000000").send().status()).isEqualTo(404);
        Response malformed = api.get("/api/v1/users/not-a-uuid").send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void aUserCannotUpdateOrDeleteAnotherUser() {
        Session alice = api.register("attendee");
        Session mallory = api.register("attendee");
        String path = "/api/v1/users/" + alice.userId();

        Response update = api.put(path).bearer(mallory)
                .json(Map.of("username", "hijacked", "email", "hijacked@example.com")).send();
        Response delete = api.delete(path).bearer(mallory).send();

        assertThat(update.status()).isEqualTo(403);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(api.get(path).bearer(alice).send().body().get("username").asString()).isEqualTo(alice.username());
    }

    @Test
    void anAttendeeCannotPromoteItselfToAdminButAnAdminCan() {
        Session user = api.register("attendee");

        Response self = api.patch("/api/v1/users/me").bearer(user).json(Map.of("role", "admin")).send();
        assertThat(self.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/me").bearer(user).send().body().get("role").asString()).isEqualTo("attendee");

        Response byAdmin = api.put("/api/v1/users/" + user.userId()).bearer(admin())
                .json(Map.of("username", user.username(), "email", user.email(), "role", "organizer")).send();
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.body().get("role").asString()).isEqualTo("organizer");
        // the role travels in the token: tokens with the old role are revoked, a new login carries the new one
        assertThat(api.get("/api/v1/users/me").bearer(user).send().status()).isEqualTo(401);
        Session again = api.login(user.username(), user.password());
        assertThat(api.get("/api/v1/auth/validate").bearer(again).send().body().at("/user/role").asString()).isEqualTo("organizer");
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndEndsOtherSessions() {
        Session user = api.register("attendee");

        Response withoutCurrent = api.patch("/api/v1/users/me").bearer(user).json(Map.of("password", "brand-new-pass")).send();
        assertThat(withoutCurrent.status()).isEqualTo(403);

        api.patch("/api/v1/users/me").bearer(user)
                .json(Map.of("password", "brand-new-pass", "current_password", user.password())).send().expect(200);

        assertThat(api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", user.refreshToken())).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/login").json(Map.of("username", user.username(), "password", user.password())).send().status()).isEqualTo(401);
        api.login(user.username(), "brand-new-pass");
    }

    @Test
    void changingTheEmailNeedsTheCurrentPasswordSoAStolenTokenCannotTakeOverTheAccount() {
        Session user = api.register("attendee");

        Response withoutPassword = api.patch("/api/v1/users/me").bearer(user).json(Map.of("email", "thief@example.com")).send();
        assertThat(withoutPassword.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/me").bearer(user).send().body().get("email").asString()).isEqualTo(user.email());

        Response withPassword = api.patch("/api/v1/users/me").bearer(user)
                .json(Map.of("email", "new-" + user.email(), "current_password", user.password())).send();
        assertThat(withPassword.status()).isEqualTo(200);
        assertThat(withPassword.body().get("email").asString()).isEqualTo("new-" + user.email());
    }

    @Test
    void renamingToATakenNameIs409AndInvalidFieldsAre400() {
        Session alice = api.register("attendee");
        Session bob = api.register("attendee");

        Response taken = api.patch("/api/v1/users/me").bearer(bob).json(Map.of("username", alice.username())).send();
        Response invalid = api.patch("/api/v1/users/me").bearer(bob)
                .json(Map.of("email", "nope", "username", "x", "current_password", bob.password())).send();
        Response putMissing = api.put("/api/v1/users/" + bob.userId()).bearer(bob).json(Map.of("username", "only-name")).send();

        assertThat(taken.status()).isEqualTo(409);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("email", "username");
        assertThat(putMissing.status()).isEqualTo(400);
        assertThat(putMissing.body().get("errors").findValuesAsString("field")).containsExactly("email");
    }

    @Test
    void deletingAnAccountAnonymisesItEndsItsSessionsAndFreesNameAndEmail() {
        Session user = api.register("attendee");

        api.delete("/api/v1/users/" + user.userId()).bearer(user).send().expect(204);

        assertThat(api.get("/api/v1/users/" + user.userId()).send().status()).isEqualTo(404);
        assertThat(api.get("/api/v1/users/me").bearer(user).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/login").json(Map.of("username", user.username(), "password", user.password())).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", user.refreshToken())).send().status()).isEqualTo(401);
        api.post("/api/v1/auth/register")
                .json(Map.of("username", user.username(), "email", user.email(), "password", "a-new-life-1")).send().expect(201);
    }

    @Test
    void anAdminCanDeleteAnyoneIncludingAnotherAdminButNotTheLastAdmin() {
        Session admin = admin();
        Session user = api.register("attendee");
        Session deputy = api.register("attendee");
        api.put("/api/v1/users/" + deputy.userId()).bearer(admin)
                .json(Map.of("username", deputy.username(), "email", deputy.email(), "role", "admin")).send().expect(200);

        api.delete("/api/v1/users/" + user.userId()).bearer(admin).send().expect(204);
        api.delete("/api/v1/users/" + deputy.userId()).bearer(admin).send().expect(204);
        Response selfDelete = api.delete("/api/v1/users/" + admin.userId()).bearer(admin).send();

        assertThat(selfDelete.status()).isEqualTo(409);
    }
}
