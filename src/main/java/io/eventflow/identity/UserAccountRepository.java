package io.eventflow.identity;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface UserAccountRepository extends JpaRepository<UserAccount, UUID> {

    @Query("select u from UserAccount u where u.id = :id and u.deletedAt is null")
    Optional<UserAccount> findActive(UUID id);

    @Query("select u from UserAccount u where (u.usernameKey = :identifier or u.email = :identifier) and u.deletedAt is null")
    Optional<UserAccount> findActiveByLogin(String identifier);

    @Query("select u from UserAccount u where u.email = :email and u.deletedAt is null")
    Optional<UserAccount> findActiveByEmail(String email);

    Optional<UserAccount> findByUsernameKey(String usernameKey);

    Optional<UserAccount> findByEmail(String email);

    @Query("select count(u) from UserAccount u where u.role = io.eventflow.identity.Role.ADMIN and u.deletedAt is null")
    long countActiveAdmins();
}
