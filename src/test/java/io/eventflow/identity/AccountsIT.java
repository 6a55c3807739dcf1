package io.eventflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.NotAuthenticated;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Parallel;
import io.eventflow.support.TestInfrastructure;

/**
 * The {@link Accounts} API that the web UI and the adapters for older client APIs call, against the real PostgreSQL
 * and Redis: the REST API's rules behind it, and tokens that work on {@code /api/v1}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    Accounts accounts;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private SignedIn signUp() {
        String name = unique("a");
        return accounts.signUp(name, name + "@example.com", "password-" + name);
    }

    /** The role claim of an access token, as every node reads it. */
    private static String roleClaim(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        return JSON.readTree(payload).get("role").asString();
    }

    @Test
    void everyAccountHasItsOwnNumberShownInTheUserJsonAndMappedBackToItsId() {
        Session first = api.register("attendee");
        Session second = api.register("organizer");

        long firstNumber = api.get("/api/v1/users/" + first.userId()).send().expect(200).body().get("number").asLong();
        Response secondView = api.get("/api/v1/users/" + second.userId()).send().expect(200);
        long secondNumber = secondView.body().get("number").asLong();

        assertThat(firstNumber).isPositive();
        assertThat(secondNumber).isGreaterThan(firstNumber); // handed out in order of sign-up
        assertThat(secondView.text()).startsWith("{\"id\":\"" + second.userId() + "\",\"number\":" + secondNumber + ",");
        assertThat(api.get("/api/v1/users/me").bearer(first).send().expect(200).body().get("number").asLong())
                .isEqualTo(firstNumber);
        assertThat(accounts.idByNumber(firstNumber)).isEqualTo(first.userId());
        assertThat(accounts.idByNumber(secondNumber)).isEqualTo(second.userId());
        assertThat(accounts.profile(second.userId()).number()).isEqualTo(secondNumber);
    }

    @Test
    void aRegistrationAnswerKnowsItsNumberAlready() {
        String name = unique("n");
        Response registered = api.post("/api/v1/auth/register")
                .json(Map.of("username", name, "email", name + "@example.com", "password", "password-" + name)).send()
                .expect(201);

        long number = registered.body().at("/user/number").asLong();
        assertThat(number).isPositive();
        assertThat(accounts.idByNumber(number).toString()).isEqualTo(registered.body().at("/user/id").asString());
    }

    @Test
    void anUnknownOrDeletedNumberIsUserNotFound() {
        SignedIn user = signUp();
        long number = accounts.profile(user.user().id()).number();

        accounts.delete(user.user(), user.user().id());

        assertThatThrownBy(() -> accounts.idByNumber(number)).isInstanceOf(UserNotFound.class);
        assertThatThrownBy(() -> accounts.idByNumber(Long.MAX_VALUE)).isInstanceOf(UserNotFound.class);
        assertThatThrownBy(() -> accounts.profile(user.user().id())).isInstanceOf(UserNotFound.class);
        api.get("/api/v1/auth/validate").bearer(user.accessToken()).send().expect(401); // sessions ended as over HTTP
    }

    @Test
    void signUpReturnsTokensThatWorkOnTheApiForANewAttendee() {
        String name = unique("s");

        SignedIn signedIn = accounts.signUp(name, name.toUpperCase() + "@Example.com", "password-" + name);

        assertThat(signedIn.user().role()).isEqualTo(Role.ATTENDEE);
        assertThat(signedIn.user().username()).isEqualTo(name);
        assertThat(signedIn.expiresIn()).isEqualTo(900);
        Response valid = api.get("/api/v1/auth/validate").bearer(signedIn.accessToken()).send().expect(200);
        assertThat(valid.body().at("/user/id").asString()).isEqualTo(signedIn.user().id().toString());
        assertThat(valid.body().at("/user/email").asString()).isEqualTo(name + "@example.com");
        Response refreshed = api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", signedIn.refreshToken())).send()
                .expect(200);
        api.get("/api/v1/auth/validate").bearer(refreshed.body().get("access_token").asString()).send().expect(200);
    }

    @Test
    void signUpHasTheRegistrationRules() {
        SignedIn taken = signUp();
        String name = unique("r");

        InvalidInput invalid = catchThrowableOfType(InvalidInput.class,
                () -> accounts.signUp("x", "not-an-address", "short"));
        assertThat(invalid.errors()).extracting(e -> e.field()).containsExactlyInAnyOrder("username", "email", "password");
        assertThatThrownBy(() -> accounts.signUp(taken.user().username().toUpperCase(), name + "@example.com", "password-1234"))
                .isInstanceOf(AccountTaken.class);
        // the password policy's own limit, past what bean validation checks
        assertThatThrownBy(() -> accounts.signUp(name, name + "@example.com", "é".repeat(40)))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("72 bytes");
    }

    @Test
    void signInByUsernameOrEmailReturnsTokensThatWorkOnTheApi() {
        String name = unique("i");
        accounts.signUp(name, name + "@example.com", "password-" + name);

        SignedIn byName = accounts.signIn(name.toUpperCase(), "password-" + name);
        SignedIn byEmail = accounts.signIn(name + "@EXAMPLE.com", "password-" + name);

        assertThat(byName.user().username()).isEqualTo(name);
        assertThat(byEmail.user().id()).isEqualTo(byName.user().id());
        api.get("/api/v1/auth/validate").bearer(byName.accessToken()).send().expect(200);
        api.get("/api/v1/auth/validate").bearer(byEmail.accessToken()).send().expect(200);
    }

    @Test
    void signInWithAWrongPasswordAndWithAnUnknownUserFailAlike() {
        SignedIn user = signUp();

        NotAuthenticated wrongPassword = catchThrowableOfType(NotAuthenticated.class,
                () -> accounts.signIn(user.user().username(), "not-the-password"));
        NotAuthenticated unknownUser = catchThrowableOfType(NotAuthenticated.class,
                () -> accounts.signIn(unique("nobody"), "not-the-password"));

        assertThat(wrongPassword).isNotNull();
        assertThat(unknownUser).isNotNull();
        assertThat(wrongPassword.getClass()).isEqualTo(unknownUser.getClass());
        assertThat(wrongPassword.getMessage()).isEqualTo(unknownUser.getMessage());
        assertThat(wrongPassword.kind()).isEqualTo(DomainException.Kind.NOT_AUTHENTICATED);
        assertThatThrownBy(() -> accounts.signIn(" ", "whatever-password")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void promotingAnAttendeeKeepsTheirAccessAndRefreshTokensAndTheNextRefreshCarriesOrganizer() {
        SignedIn attendee = signUp();

        CurrentUser promoted = accounts.promoteToOrganizer(attendee.user());

        assertThat(promoted).isEqualTo(new CurrentUser(attendee.user().id(), attendee.user().username(), Role.ORGANIZER));
        // the access token held still works, with the rights it was issued with
        api.get("/api/v1/auth/validate").bearer(attendee.accessToken()).send().expect(200);
        assertThat(roleClaim(attendee.accessToken())).isEqualTo("attendee");
        api.post("/api/v1/events").bearer(attendee.accessToken()).json(EventCatalogIT.event("Too early")).send().expect(403);
        // the refresh token held still works, and the tokens it brings say organizer
        Response refreshed = api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", attendee.refreshToken())).send()
                .expect(200);
        String access = refreshed.body().get("access_token").asString();
        assertThat(roleClaim(access)).isEqualTo("organizer");
        assertThat(refreshed.body().at("/user/role").asString()).isEqualTo("organizer");
        api.post("/api/v1/events").bearer(access).json(EventCatalogIT.event("Promoted")).send().expect(201);
        api.get("/api/v1/auth/validate").bearer(attendee.accessToken()).send().expect(200);
    }

    @Test
    void promotingIsIdempotentAndLeavesOrganizersAndAdminsAsTheyAre() {
        SignedIn attendee = signUp();
        CurrentUser promoted = accounts.promoteToOrganizer(attendee.user());
        Profile afterFirst = accounts.profile(promoted.id());

        // the same stale user again (its token still says attendee): organizer, nothing written
        assertThat(accounts.promoteToOrganizer(attendee.user())).isEqualTo(promoted);
        assertThat(accounts.promoteToOrganizer(promoted)).isSameAs(promoted);
        assertThat(accounts.profile(promoted.id())).isEqualTo(afterFirst);

        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        CurrentUser adminUser = new CurrentUser(admin.userId(), admin.username(), Role.ADMIN);
        assertThat(accounts.promoteToOrganizer(adminUser)).isSameAs(adminUser);
        assertThat(accounts.profile(admin.userId()).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void concurrentPromotionsOfOneAttendeeAllAnswerOrganizerAndKeepTheSession() throws Exception {
        SignedIn attendee = signUp();

        List<CurrentUser> results = Parallel.run(8, IntStream.range(0, 8)
                .<Callable<CurrentUser>>mapToObj(i -> () -> accounts.promoteToOrganizer(attendee.user())).toList());

        assertThat(results).extracting(CurrentUser::role).containsOnly(Role.ORGANIZER);
        assertThat(accounts.profile(attendee.user().id()).role()).isEqualTo(Role.ORGANIZER);
        api.get("/api/v1/auth/validate").bearer(attendee.accessToken()).send().expect(200);
    }

    @Test
    void aDowngradeThroughTheRestApiStillEndsTheSessions() {
        SignedIn attendee = signUp();
        accounts.promoteToOrganizer(attendee.user());
        SignedIn organizer = accounts.signIn(attendee.user().username(), "password-" + attendee.user().username());
        Profile profile = accounts.profile(attendee.user().id());

        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        api.put("/api/v1/users/" + profile.id()).bearer(admin)
                .json(Map.of("username", profile.username(), "email", profile.email(), "role", "attendee")).send().expect(200);

        api.get("/api/v1/auth/validate").bearer(organizer.accessToken()).send().expect(401);
        api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", organizer.refreshToken())).send().expect(401);
    }

    @Test
    void theBuiltInOrganizerIsOneAccountForEveryCallerThatNobodyCanSignInAs() throws Exception {
        String name = "Legacy " + unique("x");

        List<CurrentUser> racing = Parallel.run(6, IntStream.range(0, 6)
                .<Callable<CurrentUser>>mapToObj(i -> () -> accounts.builtInOrganizer(name)).toList());
        CurrentUser builtIn = accounts.builtInOrganizer(name);

        assertThat(racing).containsOnly(builtIn);
        assertThat(builtIn.role()).isEqualTo(Role.ORGANIZER);
        assertThat(builtIn.username()).isEqualTo(name);
        assertThat(accounts.builtInOrganizer(name.toUpperCase())).isEqualTo(builtIn);
        Profile profile = accounts.profile(builtIn.id());
        assertThat(profile.email()).isNull();
        assertThat(profile.number()).isPositive();
        assertThatThrownBy(() -> accounts.signIn(name, "password")).isInstanceOf(NotAuthenticated.class);
        assertThat(api.post("/api/v1/auth/login").json(Map.of("username", name, "password", "anything-at-all")).send()
                .status()).isEqualTo(401);
    }

    @Test
    void aNameARegularAccountHasIsNotTakenOverAsTheBuiltInOrganizer() {
        SignedIn squatter = signUp();

        assertThatThrownBy(() -> accounts.builtInOrganizer(squatter.user().username())).isInstanceOf(AccountTaken.class);
        assertThat(accounts.profile(squatter.user().id()).role()).isEqualTo(Role.ATTENDEE);
    }

    @Test
    void changeNameOrEmailRefusesAnotherUsersAccount() {
        SignedIn owner = signUp();
        SignedIn other = signUp();

        assertThatThrownBy(() -> accounts.changeNameOrEmail(other.user(), owner.user().id(), unique("n"), null, null))
                .isInstanceOf(NotAllowed.class);
        assertThat(accounts.profile(owner.user().id()).username()).isEqualTo(owner.user().username());
    }

    @Test
    void changeNameOrEmailNeedsTheCurrentPasswordForANewAddress() {
        SignedIn user = signUp();
        String password = "password-" + user.user().username();
        String address = unique("m") + "@example.com";

        assertThatThrownBy(() -> accounts.changeNameOrEmail(user.user(), user.user().id(), null, address, null))
                .isInstanceOf(NotAllowed.class).hasMessageContaining("current_password");
        assertThatThrownBy(() -> accounts.changeNameOrEmail(user.user(), user.user().id(), null, address, "wrong-password"))
                .isInstanceOf(NotAllowed.class);
        String name = unique("renamed");
        Profile renamed = accounts.changeNameOrEmail(user.user(), user.user().id(), name, null, null); // a name needs none
        Profile moved = accounts.changeNameOrEmail(user.user(), user.user().id(), null, address.toUpperCase(), password);

        assertThat(renamed.username()).isEqualTo(name);
        assertThat(moved.email()).isEqualTo(address);
        api.get("/api/v1/auth/validate").bearer(user.accessToken()).send().expect(200); // no session ended
    }

    @Test
    void changeNameOrEmailRefusesANameOrAddressAnotherAccountHas() {
        SignedIn user = signUp();
        SignedIn other = signUp();
        Profile others = accounts.profile(other.user().id());

        assertThatThrownBy(() -> accounts.changeNameOrEmail(user.user(), user.user().id(), others.username(), null, null))
                .isInstanceOf(AccountTaken.class);
        assertThatThrownBy(() -> accounts.changeNameOrEmail(user.user(), user.user().id(), null, others.email(),
                "password-" + user.user().username())).isInstanceOf(AccountTaken.class);
        assertThatThrownBy(() -> accounts.changeNameOrEmail(user.user(), user.user().id(), "no spaces", null, null))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void anAdminChangesSomeoneElsesAddressWithoutTheirPassword() {
        SignedIn user = signUp();
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        String address = unique("adm") + "@example.com";

        Profile changed = accounts.changeNameOrEmail(new CurrentUser(admin.userId(), admin.username(), Role.ADMIN),
                user.user().id(), null, address, null);

        assertThat(changed.email()).isEqualTo(address);
    }
}
