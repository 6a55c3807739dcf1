package io.eventflow.identity.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import io.eventflow.identity.Role;
import io.eventflow.identity.token.IdentityProperties;
import io.eventflow.identity.token.OpaqueTokens;
import io.eventflow.platform.domain.Conflict;

/**
 * Creates the first administrator from configuration ({@code eventflow.identity.admin.*}) when no admin
 * exists yet. No password is ever built in: a configured one is used, or a random one is printed once.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final IdentityProperties properties;
    private final UserAccountRepository users;
    private final AccountService accounts;

    AdminBootstrap(IdentityProperties properties, UserAccountRepository users, AccountService accounts) {
        this.properties = properties;
        this.users = users;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        IdentityProperties.Admin admin = properties.admin();
        if (admin.username() == null || admin.username().isBlank() || admin.email() == null || admin.email().isBlank()) {
            return;
        }
        if (users.countActiveAdmins() > 0) {
            return;
        }
        String password = admin.password();
        boolean generated = password == null || password.isBlank();
        if (password == null || generated) {
            password = OpaqueTokens.generate();
        }
        try {
            accounts.createPrivileged(admin.username(), admin.email(), password, Role.ADMIN);
        } catch (Conflict | DataIntegrityViolationException e) {
            // another node created it at the same moment, or the name belongs to a non-admin
            log.warn("Admin '{}' not created: {}", admin.username(), e.getMessage());
            return;
        }
        if (generated) {
            log.warn("Created admin '{}' with the generated password {} - change it now", admin.username(), password);
        } else {
            log.info("Created admin '{}' from configuration", admin.username());
        }
    }
}
